package dev.sagaref.messaging.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.messaging.testapp.TestEffects;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A sample whose handler fails: the failure is counted and the service starts anyway, with nothing kept. */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"messaging.relay.enabled=false", "test.listener.topic=" + ListenerWarmUpFailureIT.TOPIC})
@Import({RealInfrastructureConfiguration.class, ListenerWarmUpFailureIT.Samples.class})
class ListenerWarmUpFailureIT {

    static final String TOPIC = "test.warm-up-failure";
    static final UUID FAILING_ORDER = UUID.randomUUID();
    static final UUID FIRST_ORDER = UUID.randomUUID();

    @TestConfiguration
    static class Samples {
        @Bean
        ServiceWarmUp aSampleThatSucceedsThenOneThatFails(TestEffects effects) {
            return messages -> {
                messages.deliver(TOPIC, FIRST_ORDER, null, new ApproveOrder(FIRST_ORDER));
                effects.failingOrders.add(FAILING_ORDER);
                messages.deliver(TOPIC, FAILING_ORDER, null, new ApproveOrder(FAILING_ORDER));
            };
        }
    }

    @Autowired
    TestEffects effects;

    @Autowired
    MeterRegistry meters;

    @Test
    void theFailureIsCountedAndEvenTheSampleBeforeItLeftNothing() {
        assertThat(meters.timer("messaging.warm-up", "outcome", "failed").count())
                .isEqualTo(1);
        assertThat(meters.find("messaging.warm-up").tag("outcome", "succeeded").timer())
                .isNull();
        assertThat(effects.loggedOrderIds).containsValues(FIRST_ORDER.toString(), FAILING_ORDER.toString());
        Set<UUID> samples = effects.loggedOrderIds.entrySet().stream()
                .filter(entry ->
                        Set.of(FIRST_ORDER.toString(), FAILING_ORDER.toString()).contains(entry.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(samples).hasSize(2);
        assertThat(effects.applicationsByMessage().keySet()).doesNotContainAnyElementsOf(samples);
    }
}
