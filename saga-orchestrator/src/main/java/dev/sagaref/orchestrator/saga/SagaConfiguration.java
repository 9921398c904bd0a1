package dev.sagaref.orchestrator.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaConfiguration.SagaProperties.class)
class SagaConfiguration {

    /**
     * Saga deadlines and retries, under {@code saga.*}.
     *
     * @param stepTimeout wait for a reply before resending (doubles per resend, up to {@code maxBackoff})
     * @param maxStepAttempts sends of a step's command before it is compensated with a timeout reason
     * @param maxCompensationAttempts sends of a compensation before the saga stops in COMPENSATION_FAILED
     */
    @ConfigurationProperties("saga")
    record SagaProperties(
            Duration stepTimeout, Integer maxStepAttempts, Integer maxCompensationAttempts, Duration maxBackoff) {

        SagaPolicy toPolicy() {
            return new SagaPolicy(
                    stepTimeout == null ? Duration.ofSeconds(10) : stepTimeout,
                    maxStepAttempts == null ? 3 : maxStepAttempts,
                    maxCompensationAttempts == null ? 10 : maxCompensationAttempts,
                    maxBackoff == null ? Duration.ofMinutes(2) : maxBackoff);
        }
    }

    @Bean
    SagaDefinition orderSagaDefinition() {
        return OrderSaga.DEFINITION;
    }

    @Bean
    SagaPolicy sagaPolicy(SagaProperties properties) {
        return properties.toPolicy();
    }
}
