package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a saga's time goes, from the orchestrator's own timelines of a sample of orders: each step from its command
 * being written to its reply being handled (relay, Kafka, participant, relay back, Kafka), and the gap from the
 * accepted POST to the first step (OrderCreated through order-service's relay to the orchestrator).
 */
final class StepBreakdown {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StepBreakdown() {}

    static Map<String, Double> sample(
            String orchestratorUrl,
            DevTokens tokens,
            List<LoadGenerator.Placed> placed,
            TerminalObserver observer,
            int sampleSize) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, double[]> sums = new LinkedHashMap<>();
        int step = Math.max(1, placed.size() / sampleSize);
        for (int i = 0; i < placed.size(); i += step) {
            LoadGenerator.Placed order = placed.get(i);
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(orchestratorUrl + "/api/sagas?orderId=" + order.orderId()))
                                .header("Authorization", tokens.operator())
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode sagas = JSON.readTree(response.body());
                if (sagas.isEmpty()) {
                    continue;
                }
                for (JsonNode entry : sagas.get(0).get("steps")) {
                    if (entry.get("endedAt") == null || entry.get("endedAt").isNull()) {
                        continue;
                    }
                    double millis = Duration.between(
                                            Instant.parse(entry.get("startedAt").asString()),
                                            Instant.parse(entry.get("endedAt").asString()))
                                    .toNanos()
                            / 1e6;
                    sums.computeIfAbsent(entry.get("name").asString(), k -> new double[2]);
                    sums.get(entry.get("name").asString())[0] += millis;
                    sums.get(entry.get("name").asString())[1]++;
                }
            } catch (Exception e) {
                // a sample less
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, Math.round(sum[0] / sum[1] * 10) / 10.0));
        return means;
    }
}
