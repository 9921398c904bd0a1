package dev.sagaref.console.web;

import dev.sagaref.console.ConsoleSettings;
import dev.sagaref.console.backend.StackApis;
import dev.sagaref.console.backend.StackApis.Saga;
import dev.sagaref.console.backend.StackApis.SagaFilter;
import dev.sagaref.console.messages.KafkaMessage;
import dev.sagaref.console.messages.MessageLog;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The saga list, one saga with its hops and messages, and the operator's retry of a failed compensation. */
@Controller
class SagaPages {

    static final List<String> STATES =
            List.of("RUNNING", "COMPENSATING", "REJECTING", "COMPLETED", "REJECTED", "COMPENSATION_FAILED");
    private static final int PAGE_SIZE = 50;

    private final StackApis apis;
    private final MessageLog messages;
    private final ConsoleSettings settings;

    SagaPages(StackApis apis, MessageLog messages, ConsoleSettings settings) {
        this.apis = apis;
        this.messages = messages;
        this.settings = settings;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/sagas";
    }

    @GetMapping("/sagas")
    String sagas(
            SagaFilter filter,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "" + PAGE_SIZE) @Min(1) @Max(500) int size,
            Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("states", STATES);
        model.addAttribute("page", apis.recentSagas(filter, after, size));
        model.addAttribute("firstPage", after == null || after.isBlank());
        model.addAttribute("counts", apis.sagaCounts());
        return "sagas";
    }

    /**
     * One row of the list, for the live list: the saga of the order a new message was about, if it passes the list's
     * filters; 204 if not (or not yet: the saga starts a moment after its OrderCreated).
     */
    @GetMapping("/sagas/row")
    String row(@RequestParam UUID orderId, SagaFilter filter, Model model, HttpServletResponse response) {
        Optional<Saga> saga = apis.sagaOfOrder(orderId).filter(filter::admits);
        if (saga.isEmpty()) {
            response.setStatus(HttpStatus.NO_CONTENT.value());
            return null; // with the response at hand, null means answered: no view
        }
        model.addAttribute("saga", saga.get());
        return "sagas :: row";
    }

    @GetMapping("/sagas/counts")
    String counts(Model model) {
        model.addAttribute("counts", apis.sagaCounts());
        model.addAttribute("filter", SagaFilter.ANY);
        return "sagas :: counts";
    }

    @GetMapping("/sagas/{id}")
    String saga(@PathVariable UUID id, Model model) {
        showSaga(id, model);
        return "saga";
    }

    /** The part of the saga page that changes, for the page to fetch again when a message of the saga arrives. */
    @GetMapping("/sagas/{id}/panel")
    String sagaPanel(@PathVariable UUID id, Model model) {
        showSaga(id, model);
        return "saga :: panel";
    }

    @PostMapping("/sagas/{id}/compensation-retries")
    String retryCompensation(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            apis.retryCompensation(id);
            redirect.addFlashAttribute("notice", "Compensation sent again; the timeline shows it with your name.");
        } catch (HttpClientErrorException.Conflict e) {
            redirect.addFlashAttribute("problem", ConsoleErrors.detailOf(e));
        }
        return "redirect:/sagas/" + id;
    }

    /** The saga of an order, once it exists; a waiting page until then (the saga starts a moment after the order). */
    @GetMapping("/orders/{orderId}")
    String order(@PathVariable UUID orderId, Model model) {
        Optional<Saga> saga = apis.sagaOfOrder(orderId);
        if (saga.isPresent()) {
            return "redirect:/sagas/" + saga.get().id();
        }
        model.addAttribute("orderId", orderId);
        return "waiting";
    }

    /** The list's search box: an order id. */
    @GetMapping("/orders")
    String findOrder(@RequestParam UUID id) {
        return "redirect:/orders/" + id;
    }

    private void showSaga(UUID id, Model model) {
        Saga saga = apis.saga(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No saga " + id));
        List<KafkaMessage> sagaMessages = messages.withKey(saga.orderId().toString());
        model.addAttribute("saga", saga);
        model.addAttribute("messages", sagaMessages);
        model.addAttribute(
                "firstMessageAt",
                sagaMessages.isEmpty() ? null : sagaMessages.get(0).timestamp());
        model.addAttribute("participants", apis.participantsOf(saga.orderId()));
        model.addAttribute("traceUrl", traceUrl(sagaMessages));
    }

    private String traceUrl(List<KafkaMessage> sagaMessages) {
        if (!settings.linksTraces()) {
            return null;
        }
        return sagaMessages.stream()
                .map(KafkaMessage::traceId)
                .filter(traceId -> !traceId.isEmpty())
                .findFirst()
                .map(traceId -> settings.traceUrlTemplate().replace("{traceId}", traceId))
                .orElse(null);
    }
}
