package dev.sagaref.orchestrator.saga;

import dev.sagaref.messaging.inbox.AfterCommit;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sagas started and ended, by outcome and rejection reason, and how long they and each of their steps took. Each
 * figure is recorded when the transaction that made it commits, so a rolled-back and repeated batch counts once.
 */
@Component
public class SagaMetrics {

    private final MeterRegistry meters;
    private final Counter started;
    private final Counter compensationRetries;
    private final Clock clock;

    public SagaMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.started = Counter.builder("saga.started")
                .description("Order sagas started")
                .register(meters);
        this.compensationRetries = Counter.builder("saga.compensation.retries")
                .description("Failed compensations an operator retried; each such saga leaves COMPENSATION_FAILED and"
                        + " is counted in saga.ended again when it ends")
                .register(meters);
    }

    void started() {
        AfterCommit.run(started::increment);
    }

    void compensationRetried() {
        AfterCommit.run(compensationRetries::increment);
    }

    /**
     * Records the steps that ended in one transition: how long each took from its first command to the reply (or
     * timeout) that ended it, resends included, by step and by how it ended.
     */
    void stepsEnded(List<TimelineEntry> before, List<TimelineEntry> after) {
        for (int i = 0; i < after.size(); i++) {
            TimelineEntry entry = after.get(i);
            boolean endedNow = entry.endedAt() != null
                    && (i >= before.size() || before.get(i).endedAt() == null);
            if (endedNow) {
                Timer stepDuration = Timer.builder("saga.step.duration")
                        .description("From a step's first command to the reply or timeout that ended it")
                        .tag("step", entry.name())
                        .tag("outcome", entry.status())
                        .publishPercentiles(0.5, 0.9, 0.99)
                        .register(meters);
                Duration took = Duration.between(entry.startedAt(), entry.endedAt());
                AfterCommit.run(() -> stepDuration.record(took));
            }
        }
    }

    void ended(OrderSagaInstance saga) {
        String reason = saga.status() == Status.COMPLETED ? "none" : String.valueOf(saga.rejectionReason());
        Counter ended = Counter.builder("saga.ended")
                .description("Order sagas that reached a terminal state")
                .tag("outcome", saga.status().name())
                .tag("reason", reason)
                .register(meters);
        AfterCommit.run(ended::increment);
        saga.timeline().stream().findFirst().ifPresent(first -> {
            Timer duration = Timer.builder("saga.duration")
                    .description("From the saga's first command to its terminal state")
                    .tag("outcome", saga.status().name())
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .register(meters);
            Duration took = Duration.between(first.startedAt(), clock.instant());
            AfterCommit.run(() -> duration.record(took));
        });
    }
}
