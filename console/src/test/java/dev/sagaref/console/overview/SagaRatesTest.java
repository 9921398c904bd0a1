package dev.sagaref.console.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sagaref.console.ConsoleSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class SagaRatesTest {

    private static final String BEFORE = """
            # HELP saga_started_total Order sagas started
            # TYPE saga_started_total counter
            saga_started_total{application="saga-orchestrator"} 100.0
            saga_ended_total{application="saga-orchestrator",outcome="COMPLETED",reason="none"} 80.0
            saga_ended_total{application="saga-orchestrator",outcome="REJECTED",reason="OUT_OF_STOCK"} 5.0
            saga_ended_total{application="saga-orchestrator",outcome="REJECTED",reason="INSUFFICIENT_FUNDS"} 5.0
            """;
    private static final String AFTER = """
            saga_started_total{application="saga-orchestrator"} 150.0
            saga_ended_total{application="saga-orchestrator",outcome="COMPLETED",reason="none"} 120.0
            saga_ended_total{application="saga-orchestrator",outcome="REJECTED",reason="OUT_OF_STOCK"} 10.0
            saga_ended_total{application="saga-orchestrator",outcome="REJECTED",reason="INSUFFICIENT_FUNDS"} 10.0
            saga_duration_seconds{application="saga-orchestrator",outcome="COMPLETED",quantile="0.5"} 0.042
            saga_duration_seconds{application="saga-orchestrator",outcome="COMPLETED",quantile="0.9"} 0.1
            saga_duration_seconds{application="saga-orchestrator",outcome="COMPLETED",quantile="0.99"} 0.25
            saga_duration_seconds{application="saga-orchestrator",outcome="REJECTED",quantile="0.5"} 9.0
            """;

    private final SagaRates rates = new SagaRates(RestClient.builder(), settings());

    @Test
    void ratesAreCounterIncreasesPerSecondByOutcomeWithTheApprovedSagasPercentiles() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        rates.record(PrometheusText.parse(BEFORE), start);
        rates.record(PrometheusText.parse(AFTER), start.plusSeconds(10));

        assertThat(rates.samples()).hasSize(1);
        SagaRates.Sample sample = rates.samples().get(0);
        assertThat(sample.startedPerSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(sample.endedPerSecond()).containsExactly(4.0, 1.0, 0.0);
        assertThat(sample.p50Millis()).isCloseTo(42.0, within(1e-9));
        assertThat(sample.p99Millis()).isCloseTo(250.0, within(1e-9));
    }

    @Test
    void aRestartedOrchestratorsCountersFromZeroAreNoNegativeRate() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        rates.record(PrometheusText.parse(AFTER), start);
        rates.record(PrometheusText.parse("saga_started_total 3.0\n"), start.plusSeconds(5));

        assertThat(rates.samples().get(0).startedPerSecond()).isZero();
        assertThat(rates.samples().get(0).p50Millis())
                .as("no approved saga since")
                .isNull();
    }

    @Test
    void keepsFifteenMinutes() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i <= 20 * 60 / 5; i++) {
            rates.record(PrometheusText.parse(BEFORE), start.plusSeconds(5L * i));
        }

        assertThat(Duration.between(
                        rates.samples().get(0).at(),
                        rates.samples().get(rates.samples().size() - 1).at()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void readsLabelsWithEscapedQuotes() {
        PrometheusText text = PrometheusText.parse("m{a=\"say \\\"hi\\\"\",b=\"x\"} 2\nm{b=\"y\"} 3\n");

        assertThat(text.sum("m", Map.of("a", "say \"hi\""))).isEqualTo(2.0);
        assertThat(text.sum("m", Map.of())).isEqualTo(5.0);
    }

    private static ConsoleSettings settings() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        return new ConsoleSettings(
                nowhere,
                nowhere,
                null,
                new ConsoleSettings.Services(nowhere, nowhere, nowhere, nowhere, nowhere),
                null,
                10,
                Duration.ofSeconds(5),
                new ConsoleSettings.Kafka("127.0.0.1:9", null, null));
    }
}
