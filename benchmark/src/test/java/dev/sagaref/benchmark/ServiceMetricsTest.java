package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void percentilesCoverOnlyWhatWasRecordedBetweenTheSnapshots() {
        // Before the run: 100 fast messages (warm-up). During it: 80 more under 10 ms, 15 under 50 ms, 5 under 1 s.
        SortedMap<Double, Double> before = buckets(100, 100, 100, 100);
        SortedMap<Double, Double> after = buckets(180, 195, 200, 200);

        Map<String, Double> run = ServiceMetrics.percentilesBetween(before, after);

        assertThat(run).containsEntry("count", 100.0);
        assertThat(run).containsEntry("p50", 10.0);
        assertThat(run).containsEntry("p90", 50.0);
        assertThat(run).containsEntry("p99", 1000.0);
    }

    @Test
    void aRunWithNothingRecordedHasACountAndNoPercentiles() {
        SortedMap<Double, Double> same = buckets(7, 7, 7, 7);

        assertThat(ServiceMetrics.percentilesBetween(same, same)).containsOnlyKeys("count");
        assertThat(ServiceMetrics.percentilesBetween(new TreeMap<>(), new TreeMap<>()))
                .containsEntry("count", 0.0);
    }

    @Test
    void publishedMessagesSumTheCountersSeries() {
        String scrape = """
                # HELP outbox_messages_published_total Outbox messages acknowledged by Kafka
                # TYPE outbox_messages_published_total counter
                outbox_messages_published_total{application="saga-orchestrator"} 1234.0
                outbox_messages_published_created{application="saga-orchestrator"} 1.7E9
                outbox_publish_latency_seconds_count 1234
                """;

        assertThat(ServiceMetrics.publishedMessagesIn(scrape)).isEqualTo(1234);
        assertThat(ServiceMetrics.publishedMessagesIn("outbox_messages_published_total 7.0"))
                .isEqualTo(7);
        assertThat(ServiceMetrics.publishedMessagesIn("")).isZero();
    }

    /** Cumulative counts at 10 ms, 50 ms, 1 s and +Inf, as Prometheus histograms report them. */
    private static SortedMap<Double, Double> buckets(double to10ms, double to50ms, double to1s, double all) {
        return new TreeMap<>(Map.of(0.01, to10ms, 0.05, to50ms, 1.0, to1s, INF, all));
    }
}
