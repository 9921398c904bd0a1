package dev.sagaref.benchmark;

import dev.sagaref.events.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Learns when each order reached its end by reading order-service's {@code OrderApproved} / {@code OrderRejected}
 * replies from Kafka, as another consumer group: it adds no load to the services (no polling of GET endpoints).
 *
 * <p>An order ends when order-service's relay handed its reply to the Kafka producer: the record's timestamp. Not when
 * this consumer happens to read it: the benchmark shares the machine's cores with the stack, and a reader that had to
 * fetch every record at once to time it cost 5% of a core (its fetches more in the broker), and counted its own
 * scheduling delays as latency. So it fetches in batches. A stack on another host ({@code --target}) stamps its
 * records with another clock; there the arrival of each reply is the end, and replies are read one at a time.
 */
final class TerminalObserver implements AutoCloseable {

    /** @param atNanos when the order ended (see the class), on {@link System#nanoTime()}'s scale */
    record Terminal(String outcome, long atNanos) {}

    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Map<UUID, Terminal> terminals = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private final boolean stackOnThisMachine;

    /** @param stackOnThisMachine whether the stack's clock is this machine's, so its record timestamps can be used */
    TerminalObserver(String bootstrapServers, boolean stackOnThisMachine) {
        this.bootstrapServers = bootstrapServers;
        this.stackOnThisMachine = stackOnThisMachine;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "benchmark-observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                // Batches where the timestamps, not the arrival, say when an order ended; 200 ms at most keeps the
                // wait for a run's last sagas short.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                stackOnThisMachine ? 64 * 1024 : 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                stackOnThisMachine ? 200 : 10,
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
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
            long arrivedAt = System.nanoTime();
            // Taken again for every batch, so a wall clock adjusted during a run moves the scale with it.
            long nanoTimeAtEpoch = arrivedAt - ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
            for (ConsumerRecord<String, byte[]> record : records) {
                Terminal terminal = terminalOf(
                        record,
                        stackOnThisMachine && record.timestamp() >= 0
                                ? sentAtNanos(record.timestamp(), nanoTimeAtEpoch)
                                : arrivedAt);
                if (terminal != null) {
                    terminals.putIfAbsent(UUID.fromString(header(record, MessageHeaders.CORRELATION_ID)), terminal);
                }
            }
        }
    }

    /** The end an {@code OrderApproved} or {@code OrderRejected} record tells of; null for any other record. */
    static Terminal terminalOf(ConsumerRecord<?, ?> record, long endedAtNanos) {
        String type = header(record, MessageHeaders.MESSAGE_TYPE);
        if (!"OrderApproved".equals(type) && !"OrderRejected".equals(type)) {
            return null;
        }
        return new Terminal(type.equals("OrderApproved") ? "APPROVED" : "REJECTED", endedAtNanos);
    }

    /**
     * A record timestamp (epoch milliseconds) on {@link System#nanoTime()}'s scale.
     *
     * @param nanoTimeAtEpoch what {@code nanoTime} read at the Unix epoch
     */
    static long sentAtNanos(long timestampMillis, long nanoTimeAtEpoch) {
        return nanoTimeAtEpoch + timestampMillis * 1_000_000L;
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
