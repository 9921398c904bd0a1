package dev.sagaref.console.overview;

import dev.sagaref.console.ConsoleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The overview's figures over the last minutes, from the orchestrator's own metrics (its public Prometheus endpoint,
 * the one a Prometheus server would scrape): sagas started and ended per second by outcome, and the latency
 * percentiles of approved sagas.
 */
@Component
public class SagaRates {

    private static final Logger logger = LoggerFactory.getLogger(SagaRates.class);
    private static final Duration KEPT = Duration.ofMinutes(15);
    static final List<String> OUTCOMES = List.of("COMPLETED", "REJECTED", "COMPENSATION_FAILED");

    /**
     * One interval between two scrapes.
     *
     * @param endedPerSecond by outcome, in the order of {@link #OUTCOMES}
     * @param p50Millis, p90Millis, p99Millis of approved sagas' durations, from the first command to the end; null
     *     until one was approved
     */
    public record Sample(
            Instant at,
            double startedPerSecond,
            double[] endedPerSecond,
            Double p50Millis,
            Double p90Millis,
            Double p99Millis) {}

    private final RestClient orchestrator;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Instant lastScrape;
    private PrometheusText lastText;

    SagaRates(RestClient.Builder builder, ConsoleSettings settings) {
        this.orchestrator = builder.clone()
                .baseUrl(settings.services().sagaOrchestrator().toString())
                .build();
    }

    @Scheduled(fixedDelayString = "${console.metrics-interval}")
    void scrape() {
        String text;
        try {
            text = orchestrator.get().uri("/actuator/prometheus").retrieve().body(String.class);
        } catch (RestClientException e) {
            logger.debug("No metrics from the orchestrator this time: {}", e.getMessage());
            return;
        }
        record(PrometheusText.parse(text == null ? "" : text), Instant.now());
    }

    synchronized void record(PrometheusText text, Instant now) {
        if (lastText != null) {
            double seconds = Duration.between(lastScrape, now).toMillis() / 1000.0;
            double[] ended = new double[OUTCOMES.size()];
            for (int i = 0; i < ended.length; i++) {
                Map<String, String> outcome = Map.of("outcome", OUTCOMES.get(i));
                ended[i] =
                        rate(text.sum("saga_ended_total", outcome), lastText.sum("saga_ended_total", outcome), seconds);
            }
            samples.addLast(new Sample(
                    now,
                    rate(
                            text.sum("saga_started_total", Map.of()),
                            lastText.sum("saga_started_total", Map.of()),
                            seconds),
                    ended,
                    approvedQuantileMillis(text, "0.5"),
                    approvedQuantileMillis(text, "0.9"),
                    approvedQuantileMillis(text, "0.99")));
            while (Duration.between(samples.peekFirst().at(), now).compareTo(KEPT) > 0) {
                samples.removeFirst();
            }
        }
        lastText = text;
        lastScrape = now;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** A counter's increase per second; a restarted orchestrator starts its counters at zero, which is no drop. */
    private static double rate(double now, double before, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, now - before) / seconds;
    }

    private static Double approvedQuantileMillis(PrometheusText text, String quantile) {
        Map<String, String> labels = Map.of("outcome", "COMPLETED", "quantile", quantile);
        boolean present = text.samples().stream()
                .anyMatch(s -> s.name().equals("saga_duration_seconds")
                        && s.labels().entrySet().containsAll(labels.entrySet()));
        return present ? text.sum("saga_duration_seconds", labels) * 1000 : null;
    }
}
