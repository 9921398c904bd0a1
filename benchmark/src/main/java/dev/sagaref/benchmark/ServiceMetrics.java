package dev.sagaref.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Figures the services and the broker report about themselves: relay latency and consumer lag. */
final class ServiceMetrics {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The relay's outbox-write-to-Kafka-ack percentiles in ms, as the service's own timer reports them on its
     * Prometheus endpoint (the same series the Grafana dashboard shows).
     */
    Map<String, Double> commitToKafkaMillis(String baseUrl) {
        Map<String, Double> result = new LinkedHashMap<>();
        String scrape = getText(baseUrl + "/actuator/prometheus");
        if (scrape == null) {
            return result;
        }
        for (String line : scrape.lines().toList()) {
            String[] nameAndValue = line.split(" ");
            if (line.startsWith("#") || nameAndValue.length < 2) {
                continue;
            }
            double value = Double.parseDouble(nameAndValue[nameAndValue.length - 1]);
            if (line.startsWith("outbox_publish_latency_seconds{")) {
                for (String phi : new String[] {"0.5", "0.9", "0.99"}) {
                    if (line.contains("quantile=\"" + phi + "\"")) {
                        result.put("p" + Math.round(Double.parseDouble(phi) * 100), value * 1000);
                    }
                }
            } else if (line.startsWith("outbox_publish_latency_seconds_max")) {
                result.put("max", value * 1000);
            } else if (line.startsWith("outbox_publish_latency_seconds_count")) {
                result.put("count", value);
            }
        }
        return result;
    }

    /** Messages not yet consumed, summed over every consumer group of the services; -1 if the broker did not say. */
    static long consumerLag(String bootstrapServers) {
        try {
            return dev.sagaref.localrun.ConsumerLag.total(bootstrapServers, group -> !group.startsWith("benchmark-"));
        } catch (Exception e) {
            return -1;
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
