package dev.sagaref.console;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param publicUri the address people open the console at; the issuer sends them back to it after signing in, so it
 *     must be one the issuer accepts (127.0.0.1 rather than localhost)
 * @param issuerUri the issuer as browsers reach it, and as its tokens name it
 * @param issuerInternalUri the issuer as the console itself reaches it (token endpoint, keys); the same as
 *     {@code issuerUri} unless the two sides see it under different names, as in compose
 * @param services where the five services' APIs are
 * @param traceUrlTemplate a trace viewer's address with {@code {traceId}} in it, to link each saga to its trace; none
 *     if blank
 * @param messageLogCapacity how many of the newest messages the console keeps in memory (over all topics)
 * @param metricsInterval how often the overview samples the orchestrator's metrics
 */
@Validated
@ConfigurationProperties("console")
public record ConsoleSettings(
        @NotNull URI publicUri,
        @NotNull URI issuerUri,
        URI issuerInternalUri,
        @NotNull Services services,
        String traceUrlTemplate,
        @Positive int messageLogCapacity,
        @NotNull Duration metricsInterval,
        Kafka kafka) {

    public record Services(
            @NotNull URI orderService,
            @NotNull URI paymentService,
            @NotNull URI inventoryService,
            @NotNull URI shippingService,
            @NotNull URI sagaOrchestrator) {}

    /** @param username, password the console's Kafka user where the broker wants one (SASL/SCRAM); blank where not */
    public record Kafka(@NotBlank String bootstrapServers, String username, String password) {

        public boolean signsIn() {
            return username != null && !username.isBlank();
        }
    }

    public URI issuerInternal() {
        return issuerInternalUri == null || issuerInternalUri.toString().isBlank() ? issuerUri : issuerInternalUri;
    }

    public boolean linksTraces() {
        return traceUrlTemplate != null && !traceUrlTemplate.isBlank();
    }
}
