package dev.sagaref.console.web;

import dev.sagaref.console.backend.StackApis;
import dev.sagaref.console.backend.StackApis.Saga;
import dev.sagaref.console.backend.StackApis.SagaFilter;
import dev.sagaref.console.messages.KafkaMessage;
import dev.sagaref.console.messages.MessageLog;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Sagas that need a person: those past their deadline that nothing has taken up (the orchestrator is down or far
 * behind), and those whose compensation failed, with what failed and why, and the retry button.
 */
@Controller
class AttentionPage {

    private static final int SHOWN = 100;

    private final StackApis apis;
    private final MessageLog messages;

    AttentionPage(StackApis apis, MessageLog messages) {
        this.apis = apis;
        this.messages = messages;
    }

    /**
     * @param failedStep what failed: the compensation and how often it was sent
     * @param deadLetter the newest dead-lettered message of the order, whose reason is usually the cause; empty if none
     */
    record FailedSaga(Saga saga, String failedStep, String deadLetter) {}

    @GetMapping("/attention")
    String attention(Model model) {
        model.addAttribute("overdue", apis.overdueSagas());
        List<Saga> failed = apis.recentSagas(new SagaFilter("COMPENSATION_FAILED", null, null, null, null), null, SHOWN)
                .sagas();
        model.addAttribute(
                "failed",
                failed.stream()
                        .map(saga -> new FailedSaga(saga, failedStep(saga), lastDeadLetter(saga)))
                        .toList());
        return "attention";
    }

    private static String failedStep(Saga saga) {
        return saga.lastFailure()
                .map(step -> step.name() + " " + step.status() + " after " + step.attempts() + " attempts")
                .orElse("");
    }

    private String lastDeadLetter(Saga saga) {
        List<KafkaMessage> sagaMessages = messages.withKey(saga.orderId().toString());
        for (int i = sagaMessages.size() - 1; i >= 0; i--) {
            KafkaMessage message = sagaMessages.get(i);
            if (message.isDeadLetter()) {
                return message.topic() + ": " + message.deadLetterReason();
            }
        }
        return "";
    }
}
