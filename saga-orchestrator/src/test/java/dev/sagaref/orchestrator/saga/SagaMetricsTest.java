package dev.sagaref.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SagaMetricsTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SagaMetrics metrics = new SagaMetrics(meters, Clock.systemUTC());
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStepIsTimedOnceFromItsFirstCommandToTheReplyThatEndedIt() {
        TimelineEntry payment = new TimelineEntry("AuthorizePayment", "STARTED", 2, t0, null);
        TimelineEntry paid = new TimelineEntry("AuthorizePayment", "SUCCEEDED", 2, t0, t0.plusMillis(250));
        TimelineEntry stock = new TimelineEntry("ReserveStock", "STARTED", 1, t0.plusMillis(250), null);

        metrics.stepsEnded(List.of(payment), List.of(paid, stock));
        // The next transition sees the payment step already ended: it is not counted again.
        metrics.stepsEnded(List.of(paid, stock), List.of(paid, stock));

        Timer timer = meters.get("saga.step.duration")
                .tag("step", "AuthorizePayment")
                .tag("outcome", "SUCCEEDED")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
        assertThat(meters.find("saga.step.duration").tag("step", "ReserveStock").timer())
                .isNull();
    }

    @Test
    void aStepThatTimedOutIsTimedWithItsOutcome() {
        TimelineEntry shipping = new TimelineEntry("ScheduleShipment", "STARTED", 3, t0, null);
        TimelineEntry timedOut =
                new TimelineEntry("ScheduleShipment", "TIMED_OUT", 3, t0, t0.plus(Duration.ofSeconds(35)));
        TimelineEntry cancel = new TimelineEntry("CancelShipment", "STARTED", 1, t0.plusSeconds(35), null);

        metrics.stepsEnded(List.of(shipping), List.of(timedOut, cancel));

        assertThat(meters.get("saga.step.duration")
                        .tag("step", "ScheduleShipment")
                        .tag("outcome", "TIMED_OUT")
                        .timer()
                        .totalTime(TimeUnit.SECONDS))
                .isEqualTo(35);
    }
}
