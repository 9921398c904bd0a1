package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.relay.debezium.ChangeDataCapture;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "messaging.relay.mode=debezium")
class DebeziumRelayIT extends OutboxRelayContract {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ChangeDataCapture capture;

    @Override
    String mode() {
        return "debezium";
    }

    /**
     * Debezium resuming from a saved position seeks it in the first transaction it is sent, and streams only after
     * that. The relay marks the stream position as it starts, so it is streaming without any outbox message being
     * written; without the mark it would wait for the next message, however long that takes.
     */
    @Test
    void restartedRelayStreamsBeforeTheNextMessageIsWritten() throws InterruptedException {
        String topic = uniqueTopic();
        UUID orderId = UUID.randomUUID();
        try (TopicReader reader = new TopicReader(topic)) {
            transactions.executeWithoutResult(
                    status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))));
            reader.readAtLeast(1, Duration.ofSeconds(30));
        }
        // Until the slot confirms the message (with the next heartbeat), a restart would send it again, and that
        // change would start the stream without any mark.
        String written = jdbc.sql("SELECT pg_current_wal_lsn()::text")
                .query(String.class)
                .single();
        awaitTrue(
                () -> jdbc.sql("SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")
                        .params(written, capture.slotName())
                        .query(Boolean.class)
                        .single(),
                Duration.ofSeconds(60));
        OutboxRelay relay = leadership.relay();
        relay.stop();
        relay.start();

        awaitTrue(relay::isStreaming, Duration.ofSeconds(60));
        assertThat(relay.isStreaming())
                .as("streaming with no message written since the restart")
                .isTrue();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
