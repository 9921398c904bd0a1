package dev.sagaref.messaging.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Signs every Kafka client of a service (producer, consumers, admin) in as the service's own Kafka user when
 * {@code messaging.kafka.username} and {@code .password} are set (the services map them to {@code KAFKA_USERNAME} and
 * {@code KAFKA_PASSWORD}): SASL with SCRAM-SHA-512, the users and ACLs that k8s/base/kafka-access.sh creates. Without
 * them the clients connect without signing in, as in the local run.
 *
 * <p>An environment post-processor rather than a bean: Spring Boot builds the Kafka clients' settings from {@code
 * spring.kafka.*} in several places (the admin among them), and this one setting is meant for all of them.
 *
 * <p>The settings are the weakest source, so any {@code spring.kafka.*} setting wins: a cluster behind TLS sets
 * {@code spring.kafka.security.protocol=SASL_SSL} and its trust store under {@code spring.kafka.ssl.*}.
 */
public class KafkaCredentials implements EnvironmentPostProcessor {

    static final String USERNAME = "messaging.kafka.username";
    static final String PASSWORD = "messaging.kafka.password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String username = environment.getProperty(USERNAME, "");
        if (username.isBlank()) {
            return;
        }
        String password = environment.getProperty(PASSWORD, "");
        if (password.isBlank()) {
            throw new IllegalStateException(USERNAME + " is set but " + PASSWORD + " is not");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
        settings.put("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        settings.put(
                "spring.kafka.properties.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quoted(username)
                        + " password=" + quoted(password) + ";");
        environment.getPropertySources().addLast(new MapPropertySource("kafkaCredentials", settings));
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
