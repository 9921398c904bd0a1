package dev.sagaref.benchmark;

import dev.sagaref.events.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Learns when each order reached its end by reading order-service's {@code OrderApproved} / {@code OrderRejected}
 * replies from Kafka, as another consumer group: it adds no load to the services (no polling of GET endpoints).
 */
final class TerminalObserver implements AutoCloseable {

    record Terminal(String outcome, long atNanos) {}

    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Map<UUID, Terminal> terminals = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    TerminalObserver(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "benchmark-observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        thread = new Thread(this::poll, "benchmark-observer");
        thread.start();
    }

    /** Waits until the consumer has its partitions, so no early reply is missed. */
    void awaitReady() throws InterruptedException {
        if (!assigned.await(ASSIGNMENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("No partitions of saga.replies assigned within "
                    + ASSIGNMENT_TIMEOUT.toSeconds() + " s; is Kafka reachable at " + bootstrapServers + "?");
        }
    }

    Terminal terminal(UUID orderId) {
        return terminals.get(orderId);
    }

    private void poll() {
        try {
            consumeReplies();
        } finally {
            consumer.close();
        }
    }

    private void consumeReplies() {
        consumer.subscribe(
                java.util.List.of("saga.replies"), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {}

                    @Override
                    public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                        assigned.countDown();
                    }
                });
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                String type = header(record, MessageHeaders.MESSAGE_TYPE);
                if ("OrderApproved".equals(type) || "OrderRejected".equals(type)) {
                    UUID order = UUID.fromString(header(record, MessageHeaders.CORRELATION_ID));
                    terminals.putIfAbsent(
                            order, new Terminal(type.equals("OrderApproved") ? "APPROVED" : "REJECTED", now));
                }
            }
        }
    }

    /** A header's value as text; null where the record lacks it. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
