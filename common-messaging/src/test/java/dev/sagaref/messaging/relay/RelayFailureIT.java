package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** A relay engine that dies is never silent: health goes DOWN and says why. */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "messaging.relay.mode=debezium",
            // Debezium refuses to stream from a publication that does not exist.
            "messaging.relay.debezium.engine.publication.name=no_such_publication",
            "messaging.relay.restart-backoff=1h"
        })
@Import(RealInfrastructureConfiguration.class)
class RelayFailureIT {

    @Autowired
    RelayHealthIndicator health;

    @Autowired
    RelayLeadership leadership;

    @Test
    void deadEngineTurnsHealthDownWithTheReason() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (leadership.relay().lastFailure().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        Health current = health.health();
        assertThat(leadership.role()).isEqualTo(RelayLeadership.Role.ACTIVE);
        assertThat(current.getStatus()).isEqualTo(Status.DOWN);
        assertThat(current.getDetails()).containsKey("lastFailure");
        System.out.println("Relay health when the engine died: " + current.getDetails());
    }
}
