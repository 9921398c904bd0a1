package dev.sagaref.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Figures the services and the broker report about themselves: relay latency and consumer lag. */
final class ServiceMetrics {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The relay's outbox-write-to-Kafka-ack percentiles in ms, as the service's own timer reports them. */
    Map<String, Double> commitToKafkaMillis(String baseUrl) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String phi : new String[] {"0.5", "0.9", "0.99"}) {
            JsonNode metric = get(baseUrl + "/actuator/metrics/outbox.publish.latency.percentile?tag=phi:" + phi);
            if (metric != null) {
                result.put("p" + Math.round(Double.parseDouble(phi) * 100), value(metric, "VALUE") * 1000);
            }
        }
        JsonNode timer = get(baseUrl + "/actuator/metrics/outbox.publish.latency");
        if (timer != null) {
            result.put("max", value(timer, "MAX") * 1000);
            result.put("count", value(timer, "COUNT"));
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

    private JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static double value(JsonNode metric, String statistic) {
        for (JsonNode measurement : metric.get("measurements")) {
            if (statistic.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        return Double.NaN;
    }
}
