package dev.sagaref.benchmark;

import dev.sagaref.localrun.ConsumerLag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/** Figures the services and the broker report about themselves: relay latency and volume, consumer lag. */
final class ServiceMetrics {

    private static final Pattern BUCKET =
            Pattern.compile("outbox_publish_latency_seconds_bucket\\{.*le=\"([^\"]+)\".*} ([0-9.eE+-]+)");
    private static final Pattern PUBLISHED = Pattern.compile("outbox_messages_published_total(\\{.*})? ([0-9.eE+-]+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The relay's outbox-write-to-Kafka-ack histogram as the service's Prometheus endpoint reports it (the series the
     * Grafana dashboard shows): cumulative count per bucket upper bound in seconds, since the service started.
     * Empty if the service did not answer.
     */
    SortedMap<Double, Double> commitToKafkaBuckets(String baseUrl) {
        SortedMap<Double, Double> buckets = new TreeMap<>();
        String scrape = getText(baseUrl + "/actuator/prometheus");
        if (scrape == null) {
            return buckets;
        }
        for (String line : scrape.lines().toList()) {
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.matches()) {
                double upperBound =
                        bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(1));
                buckets.put(upperBound, Double.parseDouble(bucket.group(2)));
            }
        }
        return buckets;
    }

    /**
     * Messages the service's relay has had acknowledged by Kafka since the service started, every resend included;
     * null if the service did not answer.
     */
    Long publishedMessages(String baseUrl) {
        String scrape = getText(baseUrl + "/actuator/prometheus");
        return scrape == null ? null : publishedMessagesIn(scrape);
    }

    /** The {@code outbox_messages_published_total} counter in a Prometheus scrape, summed over its series. */
    static long publishedMessagesIn(String scrape) {
        return scrape.lines()
                .map(PUBLISHED::matcher)
                .filter(Matcher::matches)
                .mapToLong(counter -> Math.round(Double.parseDouble(counter.group(2))))
                .sum();
    }

    /**
     * Percentiles (ms) and count of what was recorded between two bucket snapshots. A percentile is the upper bound of
     * the bucket it falls in, so it is exact to the bucket width (about 25% apart at these latencies).
     */
    static Map<String, Double> percentilesBetween(SortedMap<Double, Double> before, SortedMap<Double, Double> after) {
        Map<String, Double> result = new LinkedHashMap<>();
        double total =
                after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        result.put("count", total);
        if (total <= 0) {
            return result;
        }
        for (double quantile : new double[] {0.5, 0.9, 0.99}) {
            for (Map.Entry<Double, Double> bucket : after.entrySet()) {
                double inWindow = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
                if (inWindow >= quantile * total) {
                    result.put("p" + Math.round(quantile * 100), bucket.getKey() * 1000);
                    break;
                }
            }
        }
        return result;
    }

    /** Messages not yet consumed, summed over every consumer group of the services; -1 if the broker did not say. */
    static long consumerLag(Admin admin) {
        Map<String, Long> byListener = consumerLagByListener(admin);
        return byListener == null ? -1 : ConsumerLag.sum(byListener);
    }

    /**
     * Messages not yet consumed per service group and topic ("{@code group on topic}"); null if the broker did not
     * say.
     */
    static Map<String, Long> consumerLagByListener(Admin admin) {
        try {
            return ConsumerLag.byGroupAndTopic(admin, group -> !group.startsWith("benchmark-"));
        } catch (Exception e) {
            return null;
        }
    }

    private String getText(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
