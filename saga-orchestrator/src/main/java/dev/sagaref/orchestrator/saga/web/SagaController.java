package dev.sagaref.orchestrator.saga.web;

import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.IllegalSagaChange;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.orchestrator.saga.OrderSagaService;
import dev.sagaref.web.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                    saga.deadline(),
                    saga.givesUpAt(),
                    saga.timeline().stream().map(StepView::of).toList());
        }
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

    private static ResponseStatusException notFound(String what) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what);
    }
}
