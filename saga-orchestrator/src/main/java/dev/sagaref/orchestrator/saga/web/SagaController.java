package dev.sagaref.orchestrator.saga.web;

import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.IllegalSagaChange;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.orchestrator.saga.OrderSagaService;
import dev.sagaref.orchestrator.saga.persistence.SagaQuery;
import dev.sagaref.web.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sagas for operators: one saga's timeline, the saga of an order, stuck or failed sagas, and the one action on them,
 * retrying a failed compensation. Operator only.
 */
@RestController
@PreAuthorize("hasRole('OPERATOR')")
@RequestMapping("/api/sagas")
class SagaController {

    private static final int MAX_RESULTS = 500;

    private final OrderSagaService sagas;
    private final Clock clock;

    SagaController(OrderSagaService sagas, Clock clock) {
        this.sagas = sagas;
        this.clock = clock;
    }

    /** @param initiatedBy who began this entry by hand (an operator's retry); absent for the saga's own steps */
    record StepView(String name, String status, int attempts, Instant startedAt, Instant endedAt, String initiatedBy) {
        static StepView of(TimelineEntry entry) {
            return new StepView(
                    entry.name(),
                    entry.status(),
                    entry.attempts(),
                    entry.startedAt(),
                    entry.endedAt(),
                    entry.initiatedBy());
        }
    }

    record SagaView(
            UUID id,
            UUID orderId,
            String startedBy,
            Status state,
            String currentStep,
            String rejectionReason,
            Instant startedAt,
            Instant updatedAt,
            Instant deadline,
            Instant givesUpAt,
            List<StepView> steps) {

        static SagaView of(OrderSagaInstance saga) {
            return new SagaView(
                    saga.id(),
                    saga.orderId(),
                    saga.startedBy(),
                    saga.status(),
                    saga.currentStep(),
                    saga.rejectionReason(),
                    saga.startedAt(),
                    saga.updatedAt(),
                    saga.deadline(),
                    saga.givesUpAt(),
                    saga.timeline().stream().map(StepView::of).toList());
        }
    }

    /** @param next the cursor to pass as {@code after} for the next page; null on the last page */
    record SagaPageView(List<SagaView> sagas, String next) {}

    /**
     * Sagas newest first, a page at a time, narrowed by state, customer, rejection reason and age (a saga started
     * between {@code maxAge} and {@code minAge} ago). Pages are cursors, so the hundredth is as fast as the first.
     */
    @GetMapping("/recent")
    SagaPageView recent(
            @RequestParam(required = false) Status state,
            @RequestParam(required = false) String customer,
            @RequestParam(required = false) String rejectionReason,
            @RequestParam(required = false) Duration minAge,
            @RequestParam(required = false) Duration maxAge,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > MAX_RESULTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be between 1 and " + MAX_RESULTS);
        }
        if ((minAge != null && minAge.isNegative()) || (maxAge != null && maxAge.isNegative())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "minAge and maxAge must not be negative");
        }
        Instant now = clock.instant();
        SagaQuery.Cursor cursor;
        try {
            cursor = after == null ? null : SagaQuery.Cursor.parse(after);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        SagaQuery.Page page = sagas.findPage(new SagaQuery(
                state,
                blankToNull(customer),
                blankToNull(rejectionReason),
                maxAge == null ? null : now.minus(maxAge),
                minAge == null ? null : now.minus(minAge),
                cursor,
                size));
        return new SagaPageView(
                page.sagas().stream().map(SagaView::of).toList(),
                page.next() == null ? null : page.next().toString());
    }

    /** How many sagas are in each state, every state named (zero where there are none). */
    @GetMapping("/counts")
    Map<Status, Long> counts() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        counts.putAll(sagas.countByStatus());
        return counts;
    }

    /**
     * Sagas whose deadline passed at least {@code by} ago and that no deadline scan has handled: the orchestrator is
     * stopped or far behind. Empty on a healthy system, where a scan takes up a due saga within a second.
     */
    @GetMapping("/overdue")
    List<SagaView> overdue(@RequestParam(defaultValue = "PT5S") Duration by) {
        return sagas.findOverdue(clock.instant().minus(by), MAX_RESULTS).stream()
                .map(SagaView::of)
                .toList();
    }

    @GetMapping("/{id}")
    SagaView byId(@PathVariable UUID id) {
        return sagas.findById(id).map(SagaView::of).orElseThrow(() -> notFound("saga " + id));
    }

    /**
     * {@code ?orderId=...} gives the order's saga (a list of at most one); {@code ?state=...&olderThan=PT5M} gives
     * sagas in that state unchanged for at least that long, oldest first.
     */
    @GetMapping
    List<SagaView> search(
            @RequestParam(required = false) UUID orderId,
            @RequestParam(required = false) Status state,
            @RequestParam(required = false) Duration olderThan) {
        if (orderId != null) {
            return sagas.findByOrderId(orderId).map(SagaView::of).stream().toList();
        }
        if (state != null) {
            Instant since = clock.instant().minus(olderThan == null ? Duration.ZERO : olderThan);
            return sagas.findUnchangedSince(state, since, MAX_RESULTS).stream()
                    .map(SagaView::of)
                    .toList();
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give orderId, or state (and optionally olderThan)");
    }

    /**
     * Sends the compensation that failed once more, after its cause is fixed; 202 with the saga as it now stands. A
     * saga whose compensation has not failed, or a second click while the first retry runs, gets 409 and sends
     * nothing.
     */
    @PostMapping("/{id}/compensation-retries")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SagaView retryCompensation(@PathVariable UUID id, Caller caller) {
        try {
            return sagas.retryCompensation(id, caller.subject())
                    .map(SagaView::of)
                    .orElseThrow(() -> notFound("saga " + id));
        } catch (IllegalSagaChange e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (OptimisticLockingFailureException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Saga " + id + " changed meanwhile; look again");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static ResponseStatusException notFound(String what) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what);
    }
}
