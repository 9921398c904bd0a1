package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.order.RejectOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every relay must do, run once per relay mode against real PostgreSQL and Kafka. Subclasses pick the mode.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(RealInfrastructureConfiguration.class)
abstract class OutboxRelayContract {

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RelayLeadership leadership;

    @Autowired
    MeterRegistry meters;

    abstract String mode();

    @Test
    void committedMessageReachesKafkaWithKeyPayloadAndEveryMetadataHeader() {
        String topic = uniqueTopic();
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        MessageMetadata cause = new MessageMetadata(
                UUID.randomUUID(),
                "OrderCreated",
                1,
                null,
                orderId,
                null,
                "customer-7",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                java.time.Instant.now());
        MessageMetadata sent =
                transactions.execute(status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))
                        .inSaga(sagaId)
                        .causedBy(cause)));

        try (TopicReader reader = new TopicReader(topic)) {
            ConsumerRecord<String, byte[]> record =
                    reader.readAtLeast(1, Duration.ofSeconds(30)).get(0);

            assertThat(record.key()).isEqualTo(orderId.toString());
            assertThat(JsonCodec.read(record.value(), ApproveOrder.class)).isEqualTo(new ApproveOrder(orderId));
            assertThat(new String(record.value())).isEqualTo("{\"orderId\":\"" + orderId + "\"}");
            assertThat(headers(record))
                    .containsEntry(MessageHeaders.MESSAGE_ID, sent.messageId().toString())
                    .containsEntry(MessageHeaders.MESSAGE_TYPE, "ApproveOrder")
                    .containsEntry(MessageHeaders.SCHEMA_VERSION, "1")
                    .containsEntry(MessageHeaders.SAGA_ID, sagaId.toString())
                    .containsEntry(MessageHeaders.CORRELATION_ID, orderId.toString())
                    .containsEntry(
                            MessageHeaders.CAUSATION_ID, cause.messageId().toString())
                    // Carried over from the cause: the customer who started the saga.
                    .containsEntry(MessageHeaders.INITIATED_BY, "customer-7")
                    .containsEntry(MessageHeaders.CREATED_AT, sent.createdAt().toString());
            // Same trace as the cause; the parent is now the relay's own span, one hop further down the trace.
            String traceparent = headers(record).get(MessageHeaders.TRACEPARENT);
            assertThat(traceparent).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
            assertThat(traceparent).isNotEqualTo(cause.traceparent());
        }
    }

    @Test
    void messageOfRolledBackTransactionNeverReachesKafka() {
        String topic = uniqueTopic();
        UUID rolledBackOrder = UUID.randomUUID();
        UUID committedOrder = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            outbox.send(OutgoingMessage.to(topic, rolledBackOrder, new RejectOrder(rolledBackOrder, "TEST")));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(
                status -> outbox.send(OutgoingMessage.to(topic, committedOrder, new ApproveOrder(committedOrder))));

        try (TopicReader reader = new TopicReader(topic)) {
            reader.readAtLeast(1, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> all = reader.readFor(Duration.ofSeconds(2));
            assertThat(all).extracting(ConsumerRecord::key).containsExactly(committedOrder.toString());
        }
    }

    @Test
    void outboxRefusesToWriteOutsideATransaction() {
        UUID orderId = UUID.randomUUID();
        assertThatThrownBy(() -> outbox.send(OutgoingMessage.to(uniqueTopic(), orderId, new ApproveOrder(orderId))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void activeRelayReportsItselfInHealth() {
        assertThat(leadership.role()).isEqualTo(RelayLeadership.Role.ACTIVE);
        assertThat(new RelayHealthIndicator(leadership).health().getDetails())
                .containsEntry("mode", mode())
                .containsEntry("role", RelayLeadership.Role.ACTIVE);
    }

    /**
     * 1,000 messages over 20 orders, one transaction each at about 200 per second: every message arrives, in commit
     * order per order id, and the commit-to-consumer latency percentiles are printed and written to
     * {@code target/relay-latency-<mode>.txt}. Latency is reported, never asserted.
     */
    @Test
    void thousandMessagesArriveInOrderPerKeyAndLatencyIsReported() throws Exception {
        String topic = uniqueTopic();
        int messages = 1_000;
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(UUID.randomUUID());
        }
        Map<UUID, Long> committedAtNanos = new ConcurrentHashMap<>();
        Map<UUID, List<UUID>> sentPerOrder = new HashMap<>();
        try (TopicReader reader = new TopicReader(topic)) {
            reader.readFor(Duration.ofMillis(200)); // subscribe before the first message, so arrival times are fair
            Thread writer = new Thread(() -> {
                for (int i = 0; i < messages; i++) {
                    UUID orderId = orders.get(i % orders.size());
                    MessageMetadata sent = transactions.execute(
                            status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))));
                    committedAtNanos.put(sent.messageId(), System.nanoTime());
                    synchronized (sentPerOrder) {
                        sentPerOrder
                                .computeIfAbsent(orderId, k -> new ArrayList<>())
                                .add(sent.messageId());
                    }
                    sleepQuietly(5);
                }
            });
            writer.start();
            List<ConsumerRecord<String, byte[]>> received = reader.readAtLeast(messages, Duration.ofSeconds(120));
            writer.join();

            Map<UUID, List<UUID>> receivedPerOrder = received.stream()
                    .collect(Collectors.groupingBy(
                            r -> UUID.fromString(r.key()),
                            Collectors.mapping(TopicReader::messageId, Collectors.toList())));
            assertThat(receivedPerOrder).isEqualTo(sentPerOrder);

            long[] latenciesMicros = committedAtNanos.entrySet().stream()
                    .mapToLong(e -> (reader.firstArrivalNanos().get(e.getKey()) - e.getValue()) / 1_000)
                    .sorted()
                    .toArray();
            writeLatencyReport(latenciesMicros);
        }
    }

    private void writeLatencyReport(long[] sortedMicros) throws IOException {
        Timer relayTimer = meters.get("outbox.publish.latency").timer();
        StringBuilder report = new StringBuilder();
        report.append("relay=")
                .append(mode())
                .append(", messages=")
                .append(sortedMicros.length)
                .append('\n');
        report.append(String.format(
                "commit -> test consumer (ms): p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
                percentile(sortedMicros, 50),
                percentile(sortedMicros, 90),
                percentile(sortedMicros, 99),
                sortedMicros[sortedMicros.length - 1] / 1000.0));
        report.append("outbox write -> Kafka ack, as the relay measures it (ms):");
        for (ValueAtPercentile p : relayTimer.takeSnapshot().percentileValues()) {
            report.append(String.format(" p%.0f=%.1f", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        report.append('\n');
        System.out.print(report);
        Path file = Path.of("target", "relay-latency-" + mode() + ".txt");
        Files.writeString(file, report);
    }

    private static double percentile(long[] sortedMicros, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }

    static String uniqueTopic() {
        return "test." + UUID.randomUUID();
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        Arrays.stream(record.headers().toArray()).forEach(h -> headers.put(h.key(), new String(h.value())));
        return headers;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
