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
     * switch is read from the application's settings, what the application sets itself wins, and the Kafka sign-in
     * sees the user that the shared settings take from the environment.
     */
    @Test
    void theServicesOwnSettingsWinAndTheKafkaSignInSeesTheSharedOnes() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run(
                "--sagaref.service-defaults=true",
                "--management.tracing.sampling.probability=0.25",
                "--spring.application.name=payment-service",
                "--KAFKA_USERNAME=payment-service",
                "--KAFKA_PASSWORD=secret")) {
            Environment environment = context.getEnvironment();

            assertThat(environment.getProperty("management.tracing.sampling.probability"))
                    .isEqualTo("0.25");
            assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
            assertThat(environment.getProperty("spring.kafka.consumer.group-id"))
                    .isEqualTo("payment-service");
            assertThat(environment.getProperty("spring.kafka.security.protocol"))
                    .isEqualTo("SASL_PLAINTEXT");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
