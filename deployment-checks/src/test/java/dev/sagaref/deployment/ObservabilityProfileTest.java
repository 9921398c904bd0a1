package dev.sagaref.deployment;

import static dev.sagaref.deployment.KubernetesManifestsTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose profile "observability" (Prometheus, Grafana with the saga dashboard, Jaeger) is wired to the services
 * as they really are: scrape targets on the services' own ports, spans sent to the Jaeger container, Grafana's
 * panels on data sources it provisions. That the dashboard's metrics exist is checked against live services by
 * {@code DashboardMetricsSystemIT}.
 */
class ObservabilityProfileTest {

    static final Path OBSERVABILITY = Project.ROOT.resolve("observability");
    static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void resolve() {
        Map<String, Object> config = Project.yamlDocuments(Project.run(
                        "docker-compose", "-f", "docker-compose.yml", "--profile", "observability", "config"))
                .get(0);
        services = (Map<String, Object>) config.get("services");
    }

    @Test
    void observabilityContainersAreOptional() {
        for (String name : List.of("prometheus", "grafana", "jaeger")) {
            assertThat(String.valueOf(path(services.get(name), "profiles")))
                    .as(name + " profiles")
                    .isEqualTo("[observability]");
        }
        for (String service : Project.SERVICES) {
            assertThat((List<?>) path(services.get(service), "profiles"))
                    .as(service + " runs without the profile")
                    .isNull();
        }
    }

    @Test
    void prometheusScrapesEveryServiceOnItsOwnPort() throws IOException {
        Map<String, Object> config = Project.yamlDocuments(read(OBSERVABILITY.resolve("prometheus/prometheus.yml")))
                .get(0);
        List<?> jobs = (List<?>) config.get("scrape_configs");
        for (String service : Project.SERVICES) {
            assertThat(jobs).as("scrape job for " + service).anySatisfy(job -> {
                assertThat(path(job, "job_name")).isEqualTo(service);
                assertThat(path(job, "metrics_path")).isEqualTo("/actuator/prometheus");
                assertThat(String.valueOf(path(((List<?>) path(job, "static_configs")).get(0), "targets")))
                        .isEqualTo("[" + service + ":" + Project.port(service) + "]");
            });
        }
        assertThat(String.valueOf(path(services.get("prometheus"), "volumes")))
                .contains("observability/prometheus/prometheus.yml");
    }

    @Test
    void servicesSendTheirSpansToJaeger() {
        assertThat(List.copyOf((List<?>) path(services.get("jaeger"), "ports")))
                .anySatisfy(
                        port -> assertThat(String.valueOf(path(port, "target"))).isEqualTo("4318"));
        for (String service : Project.SERVICES) {
            Map<?, ?> environment = (Map<?, ?>) path(services.get(service), "environment");
            assertThat(String.valueOf(environment.get("OTLP_TRACING_ENDPOINT")))
                    .as(service)
                    .isEqualTo("http://jaeger:4318/v1/traces");
            assertThat(environment.containsKey("OTLP_TRACING_ENABLED"))
                    .as(service)
                    .isTrue();
        }
    }

    @Test
    void grafanaPanelsUseDataSourcesItProvisions() throws IOException {
        Map<String, Object> provisioning = Project.yamlDocuments(
                        read(OBSERVABILITY.resolve("grafana/provisioning/datasources/datasources.yml")))
                .get(0);
        List<?> datasources = (List<?>) provisioning.get("datasources");
        Set<Object> uids = datasources.stream().map(d -> path(d, "uid")).collect(Collectors.toSet());
        assertThat(datasources)
                .extracting(d -> String.valueOf(path(d, "url")))
                .containsExactlyInAnyOrder("http://prometheus:9090", "http://jaeger:16686");

        JsonObject dashboard = JsonParser.parseString(read(dashboard())).getAsJsonObject();
        assertThat(dashboard.get("uid").getAsString()).isEqualTo("sagaref-sagas");
        List<JsonElement> panels = dashboard.getAsJsonArray("panels").asList();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        for (JsonElement panel : panels) {
            JsonObject p = panel.getAsJsonObject();
            assertThat(uids)
                    .as(p.get("title").getAsString())
                    .contains(p.getAsJsonObject("datasource").get("uid").getAsString());
            assertThat(p.getAsJsonArray("targets").asList())
                    .as(p.get("title").getAsString())
                    .isNotEmpty()
                    .allSatisfy(target -> assertThat(
                                    target.getAsJsonObject().get("expr").getAsString())
                            .isNotBlank());
        }
        String grafanaVolumes = String.valueOf(path(services.get("grafana"), "volumes"));
        assertThat(grafanaVolumes).contains("observability/grafana/provisioning", "observability/grafana/dashboards");
    }

    static Path dashboard() {
        return OBSERVABILITY.resolve("grafana/dashboards/order-sagas.json");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
