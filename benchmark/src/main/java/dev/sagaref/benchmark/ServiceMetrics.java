package dev.sagaref.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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

    /** Messages not yet consumed, summed over every consumer group of the services. */
    static long consumerLag(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            long lag = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
                if (group.groupId().startsWith("benchmark-")) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                for (var entry : committed.entrySet()) {
                    lag += Math.max(
                            0,
                            ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            return lag;
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
