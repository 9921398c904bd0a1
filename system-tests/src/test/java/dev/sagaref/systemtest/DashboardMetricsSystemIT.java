package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana saga dashboard (observability/grafana/dashboards) queries metrics the running services really export,
 * so a renamed or dropped metric fails here rather than as an empty panel.
 */
class DashboardMetricsSystemIT {

    private static final Path DASHBOARD = Path.of("..", "observability", "grafana", "dashboards", "order-sagas.json");
    /** A metric name in PromQL: snake_case, not followed by "(" (that would be a function). */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\b(?!\\s*\\()");

    @Test
    void everyMetricTheDashboardQueriesIsExportedBySomeService() throws IOException {
        Api api = new Api(SystemStack.get());
        String customer = unique("dash");
        String sku = unique("DASH");
        api.account(customer, 10_000);
        api.product(sku, 1);
        // One saga that completes and one that is compensated, so every saga and step series exists.
        UUID approved = api.placeOrder(customer, "DE", new Line(sku, 1, 100));
        UUID rejected = api.placeOrder(customer, "DE", new Line(sku, 1, 100));
        api.awaitTerminal(approved, OrderSagaSystemIT.SAGA_TIMEOUT);
        api.awaitTerminal(rejected, OrderSagaSystemIT.SAGA_TIMEOUT);
        api.awaitSagaTerminal(rejected, OrderSagaSystemIT.SAGA_TIMEOUT);

        Set<String> queried = metricsQueriedBy(Api.JSON.readTree(Files.readString(DASHBOARD)));
        if (!"debezium".equals(SystemStack.RELAY_MODE)) {
            queried.remove("outbox_replication_slot_lag_bytes"); // only the Debezium relay has a slot
        }
        Set<String> exported = LocalStack.SERVICES.stream()
                .flatMap(service -> api.send(service.module(), "/actuator/prometheus", "GET", null, Map.of())
                        .raw()
                        .body()
                        .lines())
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());

        assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
        assertThat(exported).containsAll(queried);
    }

    private static Set<String> metricsQueriedBy(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                // Label matchers and grouping clauses hold label names, not metric names.
                String expr = target.get("expr")
                        .asString()
                        .replaceAll("\\{[^}]*}", "")
                        .replaceAll("by \\([^)]*\\)", "");
                Matcher matcher = METRIC.matcher(expr);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
