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
     * Saga deadlines and retries, under {@code saga.*}; see {@link SagaPolicy} for what each means.
     *
     * @param stepTimeout a compensable step is given up this long after its first send (default 30 s)
     * @param resendAfter first check whether an unanswered command can have been lost (default 10 s)
     * @param maxCompensationAttempts sends of a compensation before the saga stops in COMPENSATION_FAILED
     * @param maxBackoff the longest wait between resends
     */
    @ConfigurationProperties("saga")
    record SagaProperties(
            Duration stepTimeout, Duration resendAfter, Integer maxCompensationAttempts, Duration maxBackoff) {

        SagaPolicy toPolicy() {
            return new SagaPolicy(
                    stepTimeout == null ? Duration.ofSeconds(30) : stepTimeout,
                    resendAfter == null ? Duration.ofSeconds(10) : resendAfter,
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
