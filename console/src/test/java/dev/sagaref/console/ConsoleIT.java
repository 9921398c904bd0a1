package dev.sagaref.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.sagaref.console.messages.KafkaMessage;
import dev.sagaref.console.messages.MessageLog;
import dev.sagaref.console.signin.SignInConfiguration;
import dev.sagaref.testsupport.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console on its own, with a real Kafka broker and no services behind it (their addresses refuse connections):
 * who gets in, what bad input and an absent service get, and that it reads messages with every header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class ConsoleIT {

    /** Port 9 (discard) on loopback: nothing listens, so every call is refused at once. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry properties) {
        properties.add(
                "console.kafka.bootstrap-servers",
                () -> TestInfrastructure.kafka().bootstrapServers());
        for (String service : new String[] {
            "order-service", "payment-service", "inventory-service", "shipping-service", "saga-orchestrator"
        }) {
            properties.add("console.services." + service, () -> NOWHERE);
        }
        properties.add("console.issuer-uri", () -> "http://127.0.0.1:18086");
        properties.add("console.public-uri", () -> "http://127.0.0.1:18087");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MessageLog messages;

    @Autowired
    ClientRegistrationRepository registrations;

    @Test
    void someoneNotSignedInIsSentToTheIssuerWithPkce() throws Exception {
        String toSignIn = mvc.perform(get("/sagas"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(toSignIn).endsWith("/oauth2/authorization/sagaref");

        String toIssuer = mvc.perform(get("/oauth2/authorization/sagaref"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();

        assertThat(toIssuer)
                .startsWith("http://127.0.0.1:18086/oauth2/authorize?")
                .contains("client_id=sagaref-console", "scope=openid", "code_challenge_method=S256", "code_challenge=")
                .contains("redirect_uri=http://127.0.0.1:18087/login/oauth2/code/sagaref");
    }

    @Test
    void probesArePublic() throws Exception {
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    }

    @Test
    void aCustomerIsKeptOut() throws Exception {
        mvc.perform(get("/sagas").with(signedIn("CUSTOMER"))).andExpect(status().isForbidden());
    }

    @Test
    void badInputGetsProblemDetails() throws Exception {
        mvc.perform(get("/sagas/not-a-uuid").with(signedIn("OPERATOR")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/sagas").param("size", "0").with(signedIn("OPERATOR")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/orders").with(signedIn("OPERATOR")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/messages").param("limit", "-1").with(signedIn("OPERATOR")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aServiceThatDoesNotAnswerIsABadGatewayNotAnError() throws Exception {
        mvc.perform(get("/sagas").with(signedIn("OPERATOR")))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.title").value("A service of the stack did not answer"));
    }

    @Test
    void aFormWithBadFieldsIsShownAgainWithTheirErrorsAndCallsNoService() throws Exception {
        String page = mvc.perform(post("/try")
                        .with(signedIn("OPERATOR"))
                        .with(csrf())
                        .param("customerId", "not a valid id")
                        .param("balance", "-1")
                        .param("sku", "BOOK-1")
                        .param("stock", "1")
                        .param("quantity", "0")
                        .param("unitPrice", "100")
                        .param("country", "Germany")
                        .param("formId", UUID.randomUUID().toString()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("customerId", "balance", "quantity", "country: must be a two-letter country code");
    }

    @Test
    void readsEveryTopicWithItsHeadersAndShowsDeadLettersWithTheirReason() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> command =
                    new ProducerRecord<>("payment.commands", key, "{\"orderId\":1}".getBytes(StandardCharsets.UTF_8));
            command.headers().add("message_type", "RefundPayment".getBytes(StandardCharsets.UTF_8));
            producer.send(command).get();
            ProducerRecord<String, byte[]> deadLetter =
                    new ProducerRecord<>("payment.commands.DLT", key, command.value());
            deadLetter
                    .headers()
                    .add("kafka_dlt-exception-message", "refunds are broken".getBytes(StandardCharsets.UTF_8));
            deadLetter
                    .headers()
                    .add(
                            "kafka_dlt-original-offset",
                            ByteBuffer.allocate(8).putLong(5).array());
            producer.send(deadLetter).get();
            producer.send(new ProducerRecord<>("unrelated.topic", key, new byte[0]))
                    .get();
        }

        // New topics are picked up within the feed's refresh interval (10 s).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (messages.withKey(key).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        assertThat(messages.withKey(key))
                .extracting(KafkaMessage::topic)
                .containsExactlyInAnyOrder("payment.commands", "payment.commands.DLT");
        KafkaMessage dead = messages.withKey(key).stream()
                .filter(KafkaMessage::isDeadLetter)
                .findFirst()
                .orElseThrow();
        assertThat(dead.headers()).containsEntry("kafka_dlt-original-offset", "0x0000000000000005");
        String tail = mvc.perform(get("/messages")
                        .param("key", key)
                        .param("deadLetters", "true")
                        .with(signedIn("OPERATOR")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tail).contains("refunds are broken", "payment.commands.DLT").doesNotContain("RefundPayment</td>");
    }

    private OidcLoginRequestPostProcessor signedIn(String role) {
        return oidcLogin()
                .clientRegistration(registrations.findByRegistrationId(SignInConfiguration.REGISTRATION_ID))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }
}
