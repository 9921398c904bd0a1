package dev.sagaref.messaging;

import dev.sagaref.events.MessageHeaders;
import dev.sagaref.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning in the test, remembering when each record arrived, without a consumer group (so
 * nothing it does can disturb the system under test).
 */
public final class TopicReader implements AutoCloseable {

    /** As many as the test broker gives auto-created topics (num.partitions). */
    private static final int PARTITIONS = 3;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Map<UUID, Long> firstArrivalNanos = new ConcurrentHashMap<>();

    public TopicReader(String topic) {
        this.topic = topic;
        createTopic(topic);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                5,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false));
    }

    /**
     * Creates the topic, and waits until each partition has a leader, before anything writes to it. Left to
     * auto-creation by the relay's first send, a partition sometimes answered NOT_LEADER_OR_FOLLOWER while it was
     * being set up, after which the idempotent producer's retries got OUT_OF_ORDER_SEQUENCE_NUMBER until the test
     * timed out. The services create their topics at start-up, so this race is the tests' own.
     */
    private static void createTopic(String topic) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create " + topic, e);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!everyPartitionHasALeader(admin, topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No leader for every partition of " + topic);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Could not create " + topic, e);
        }
    }

    private static boolean everyPartitionHasALeader(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().stream().allMatch(partition -> partition.leader() != null);
        } catch (ExecutionException notYetKnown) {
            return false;
        }
    }

    /** Polls until {@code done} holds for everything read so far, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, byte[]>> readUntil(
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Timed out after " + timeout + " reading " + topic + "; have " + records.size() + " records");
            }
            if (!assignIfNeeded()) {
                pause();
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                records.add(record);
                UUID id = messageId(record);
                if (id != null) {
                    firstArrivalNanos.putIfAbsent(id, now);
                }
            }
        }
        return List.copyOf(records);
    }

    public List<ConsumerRecord<String, byte[]>> readAtLeast(int count, Duration timeout) {
        return readUntil(list -> list.size() >= count, timeout);
    }

    /** Reads for a while and returns everything seen; for asserting that something does not arrive. */
    public List<ConsumerRecord<String, byte[]>> readFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        return readUntil(list -> System.nanoTime() > end, duration.plusSeconds(5));
    }

    public Map<UUID, Long> firstArrivalNanos() {
        return firstArrivalNanos;
    }

    public static UUID messageId(ConsumerRecord<?, ?> record) {
        String id = header(record, MessageHeaders.MESSAGE_ID);
        return id == null ? null : UUID.fromString(id);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** False while the topic does not exist yet (the first message, or this metadata request, creates it). */
    private boolean assignIfNeeded() {
        if (!consumer.assignment().isEmpty()) {
            return true;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> assignment = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
