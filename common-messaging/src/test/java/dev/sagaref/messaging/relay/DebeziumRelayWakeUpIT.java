package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Debezium's streaming thread sleeps the poll interval whenever the replication stream is empty; the relay has it wait
 * on the replication connection instead, which the server's next change ends. With a one-minute interval and a
 * one-minute wait, each message below would otherwise wait half a minute on average before Debezium even read it.
 */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "messaging.relay.mode=debezium",
            "messaging.relay.debezium.poll-interval=60s",
            "messaging.relay.debezium.stream-wait=60s"
        })
@Import(RealInfrastructureConfiguration.class)
class DebeziumRelayWakeUpIT {

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCommittedOutboxWriteIsReadFromTheStreamWithoutWaitingOutThePollIntervalOrTheStreamWait() {
        String topic = "wake-up-" + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(topic)) {
            for (int message = 1; message <= 5; message++) {
                UUID orderId = UUID.randomUUID();
                transactions.executeWithoutResult(
                        status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))));

                // A sixth of either interval: a relay that slept one out would still meet this for the four later
                // messages about once in 1,300 runs. The first may meet a sleep begun before the relay was ready.
                assertThat(reader.readAtLeast(message, Duration.ofSeconds(message == 1 ? 70 : 10)))
                        .as("messages on Kafka after the write of message %d", message)
                        .hasSize(message);
            }
        }
    }
}
