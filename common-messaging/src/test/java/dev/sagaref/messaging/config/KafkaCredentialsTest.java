package dev.sagaref.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class KafkaCredentialsTest {

    @Test
    void withoutCredentialsTheClientsConnectAsBefore() {
        MockEnvironment environment = new MockEnvironment();

        new KafkaCredentials().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.security.protocol")).isNull();
        assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config"))
                .isNull();
    }

    @Test
    void credentialsSignEveryClientInWithScram() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("messaging.kafka.username", "order-service")
                .withProperty("messaging.kafka.password", "pa\"ss\\word");

        new KafkaCredentials().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(environment.getProperty("spring.kafka.properties.sasl.mechanism"))
                .isEqualTo("SCRAM-SHA-512");
        // Kafka's own parser reads back the user and the password, quotes and backslashes included.
        var login = JaasContext.loadClientContext(Map.of(
                        "sasl.jaas.config",
                        new Password(environment.getProperty("spring.kafka.properties.sasl.jaas.config"))))
                .configurationEntries()
                .get(0);
        assertThat(login.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        Map<String, Object> options = Map.copyOf(login.getOptions());
        assertThat(options).containsEntry("username", "order-service").containsEntry("password", "pa\"ss\\word");
    }

    @Test
    void anExplicitSettingWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("messaging.kafka.username", "order-service")
                .withProperty("messaging.kafka.password", "secret")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL");

        new KafkaCredentials().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void aUserWithoutPasswordStopsTheStart() {
        MockEnvironment environment = new MockEnvironment().withProperty("messaging.kafka.username", "order-service");

        assertThatThrownBy(() -> new KafkaCredentials().postProcessEnvironment(environment, new SpringApplication()))
                .hasMessageContaining("messaging.kafka.password");
    }
}
