package dev.sagaref.messaging.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.messaging.testapp.TestEffects;
import dev.sagaref.messaging.testapp.TestEffectsListener;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The warm-up against a real broker and database: a sample reaches the service's own listener and handler before the
 * service is ready, and nothing it did stays.
 */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"messaging.relay.enabled=false", "test.listener.topic=" + ListenerWarmUpIT.TOPIC})
@Import({RealInfrastructureConfiguration.class, ListenerWarmUpIT.Samples.class})
class ListenerWarmUpIT {

    static final String TOPIC = "test.warm-up";
    static final UUID SAMPLE_ORDER = UUID.randomUUID();

    @TestConfiguration
    static class Samples {
        @Bean
        ServiceWarmUp approveASampleOrder() {
            return messages -> messages.deliver(TOPIC, SAMPLE_ORDER, UUID.randomUUID(), new ApproveOrder(SAMPLE_ORDER));
        }
    }

    @Autowired
    TestEffects effects;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void theSampleRanThroughTheListenerAndHandlerAndNothingOfItStayed() {
        assertThat(effects.loggedOrderIds).containsValue(SAMPLE_ORDER.toString());
        UUID sample = effects.loggedOrderIds.entrySet().stream()
                .filter(entry -> entry.getValue().equals(SAMPLE_ORDER.toString()))
                .findFirst()
                .orElseThrow()
                .getKey();

        assertThat(effects.applicationsByMessage()).doesNotContainKey(sample);
        assertThat(jdbc.sql("SELECT count(*) FROM inbox WHERE consumer = :consumer AND message_id = :id")
                        .param("consumer", TestEffectsListener.CONSUMER)
                        .param("id", sample)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(meters.timer("messaging.warm-up", "outcome", "succeeded").count())
                .isEqualTo(1);
        assertThat(meters.find("messaging.warm-up").tag("outcome", "failed").timer())
                .isNull();
    }
}
