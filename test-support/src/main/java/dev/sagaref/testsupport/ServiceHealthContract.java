package dev.sagaref.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Every service must start against real PostgreSQL and Kafka, run its migrations, and become ready with its outbox
 * relay active. Subclass with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and
 * {@code @Import(RealInfrastructureConfiguration.class)}.
 */
public abstract class ServiceHealthContract {

    @Value("${local.server.port}")
    int port;

    @Test
    void becomesReadyWithItsOutboxRelayActive() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(readiness, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"role\":\"ACTIVE\"")) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outboxRelay\"").contains("\"role\":\"ACTIVE\"");
    }

    @Test
    void describesItsApiWithOpenApiAndServesSwaggerUi() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> apiDocs = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> swaggerUi = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/swagger-ui.html"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(apiDocs.statusCode()).as(apiDocs.body()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("\"openapi\"").contains("/api/");
        assertThat(swaggerUi.statusCode()).isEqualTo(200);
        assertThat(swaggerUi.body()).containsIgnoringCase("swagger");
    }

    @Test
    void exposesPrometheusMetricsIncludingTheRelays() throws Exception {
        HttpResponse<String> scrape = scrapePrometheus();

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("outbox_messages_published_total").contains("outbox_publish_latency");
    }

    /**
     * The service ran its sample messages through its own listeners before it became ready (ListenerWarmUp in
     * common-messaging), and every one of them went through: a handler that changed under a sample fails here.
     */
    @Test
    void warmedUpItsListenersBeforeBecomingReady() throws Exception {
        assertCountedOnce("messaging_warm_up_seconds_count", "succeeded");
    }

    /**
     * The service sent its own API a refused request before it became ready (ApiWarmUp in common-web), so the first
     * real request finds Tomcat and the token check warm.
     */
    @Test
    void warmedUpItsApiBeforeBecomingReady() throws Exception {
        assertCountedOnce("web_warm_up_seconds_count", "answered");
    }

    /** The scrape has one line of {@code counter}, for {@code outcome}, and it counts 1. */
    private void assertCountedOnce(String counter, String outcome) throws Exception {
        String scrape = scrapePrometheus().body();

        assertThat(scrape.lines().filter(line -> line.startsWith(counter)))
                .as(scrape)
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("outcome=\"" + outcome + "\"")
                .endsWith(" 1");
    }

    private HttpResponse<String> scrapePrometheus() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
