package dev.sagaref.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class ServiceDefaultsTest {

    @Test
    void aServiceThatAsksGetsTheSharedSettings() {
        MockEnvironment environment = new MockEnvironment().withProperty(ServiceDefaults.SWITCH, "true");

        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,db,outboxRelay");
    }

    @Test
    void anApplicationThatDoesNotAskGetsNone() {
        MockEnvironment environment = new MockEnvironment();

        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isNull();
    }

    /**
     * Through Spring Boot's own start, as a service starts: the post-processors are found in spring.factories, the
     * switch is read from the service's own file, what that file sets wins over the shared settings, and the Kafka
     * sign-in sees the user that the shared settings take from the environment.
     */
    @Test
    void theServicesOwnFileWinsAndTheKafkaSignInSeesTheSharedSettings() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run(
                "--spring.config.name=service-with-defaults",
                "--KAFKA_USERNAME=payment-service",
                "--KAFKA_PASSWORD=secret")) {
            Environment environment = context.getEnvironment();

            assertThat(environment.getProperty("management.tracing.sampling.probability"))
                    .isEqualTo("0.25");
            assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
            assertThat(environment.getProperty("logging.structured.format.console"))
                    .isEqualTo("ecs");
            assertThat(environment.getProperty("spring.kafka.consumer.group-id"))
                    .isEqualTo("payment-service");
            assertThat(environment.getProperty("spring.kafka.security.protocol"))
                    .isEqualTo("SASL_PLAINTEXT");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
