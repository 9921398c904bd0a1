package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.relay.debezium.ChangeDataCapture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
        String written;
        try (TopicReader reader = new TopicReader(topic)) {
            // Where the message's insert ended in the WAL; its commit comes after it.
            written = transactions.execute(status -> {
                outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId)));
                return jdbc.sql("SELECT pg_current_wal_insert_lsn()::text")
                        .query(String.class)
                        .single();
            });
            reader.readAtLeast(1, Duration.ofSeconds(30));
        }
        // Until the slot confirms the message's commit (acknowledged positions are saved every second), a restart
        // would send it again, and that change would start the stream without any mark. The slot confirms whole
        // transactions, so a position past the insert is this transaction's commit or a later one.
        awaitTrue(
                "the slot confirms the message's transaction",
                () -> jdbc.sql("SELECT confirmed_flush_lsn > ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")
                        .params(written, capture.slotName())
                        .query(Boolean.class)
                        .single(),
                Duration.ofSeconds(60));
        OutboxRelay relay = leadership.relay();
        relay.stop();
        relay.start();

        awaitTrue("streaming with no message written since the restart", relay::isStreaming, Duration.ofSeconds(60));
    }

    /**
     * Debezium's streaming metrics summarise the last event by its table (LastEventByTable) in the running engine:
     * the relay changed them without formatting a single event.
     */
    @Test
    void theStreamingMetricsNameTheOutboxTableAsTheLastEvent() throws Exception {
        String topic = uniqueTopic();
        UUID orderId = UUID.randomUUID();
        try (TopicReader reader = new TopicReader(topic)) {
            transactions.executeWithoutResult(
                    status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))));
            reader.readAtLeast(1, Duration.ofSeconds(30));
        }

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName streaming = server
                .queryNames(new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,*"), null)
                .stream()
                .filter(name -> capture.slotName().equals(name.getKeyProperty("server")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no streaming metrics for " + capture.slotName()));
        assertThat(server.getAttribute(streaming, "LastEvent")).isEqualTo("public.outbox");
    }

    private static void awaitTrue(String description, BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + description);
            }
            Thread.sleep(50);
        }
    }
}
