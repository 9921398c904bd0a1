package dev.sagaref.benchmark;

import dev.sagaref.events.Channels;
import dev.sagaref.events.MessageHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a message waits, from the messages themselves: every message carries when it was written to its outbox
 * ({@code created_at}), Kafka stamps when the relay sent it (the record's create time), and the message it caused
 * names it ({@code causation_id}) and was written when the cause had been handled. So each message splits into
 *
 * <ul>
 *   <li><b>relay</b>: written → sent to Kafka (the rest of the writing transaction, its commit, the relay finding the
 *       row and handing it to the producer), per topic;
 *   <li><b>listener</b>: sent to Kafka → the message it caused written (the producer's batch and the broker's
 *       acknowledgement, the consumer's fetch, the wait behind earlier messages in the listener, and the handling
 *       itself), per listener.
 * </ul>
 *
 * <p>Kafka's stamp is the send time cut to the millisecond, so a relay wait reads up to 1 ms short (and is counted
 * as 0 where that makes it negative) and a listener wait up to 1 ms long. Arrival times play no part, so this
 * consumer fetches in batches and costs the broker little.
 */
final class MessageWaits implements AutoCloseable {

    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    /** How long the broker may hold a fetch to fill it: arrival times play no part here, so batches may wait. */
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);

    /** One message as read: its cause, and when it was written and sent, in microseconds since the epoch. */
    record Written(String topic, UUID causationId, long writtenMicros, long sentMicros) {}

    /** Per hop: how many messages, and the mean, median and 99th percentile of their wait in ms. */
    record Wait(long count, double meanMillis, double p50Millis, double p99Millis) {}

    private final Map<UUID, Written> messages = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    /** Set by {@link #stopAndSummarise}: from then on the reader stops once it has read up to the end. */
    private volatile long catchUpUntilNanos;
    /** Why the reader stopped early; rethrown, so a run never reports a partial table as if it were whole. */
    private volatile RuntimeException failure;
    /** Set once the reader has read every partition up to its end offset at the stop. */
    private volatile boolean caughtUp;

    MessageWaits(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "benchmark-waits-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                256 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                (int) FETCH_WAIT.toMillis(),
                // A group of its own that starts at the end and is never resumed: nothing to commit.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        thread = new Thread(this::poll, "benchmark-waits");
        thread.start();
    }

    void awaitReady() throws InterruptedException {
        boolean ready = assigned.await(ASSIGNMENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        rethrowFailure();
        if (!ready) {
            throw new IllegalStateException(
                    "No partitions of the saga topics assigned within " + ASSIGNMENT_TIMEOUT.toSeconds() + " s");
        }
    }

    /**
     * Reads on until every partition is read up to its end offset at this moment, or {@code catchUp} has passed,
     * stops, and returns the waits of what was written from {@code fromMicros} on: first the relays' by topic, then
     * the listeners'. Throws if the reader failed, or could not catch up in time.
     */
    Map<String, Wait> stopAndSummarise(long fromMicros, Duration catchUp) throws InterruptedException {
        catchUpUntilNanos = System.nanoTime() + catchUp.toNanos();
        thread.join(catchUp.plus(FETCH_WAIT).toMillis());
        close();
        rethrowFailure();
        if (!caughtUp) {
            throw new IllegalStateException("Not caught up with the saga topics within " + catchUp.toSeconds() + " s");
        }
        return summarise(messages, fromMicros);
    }

    private void rethrowFailure() {
        if (failure != null) {
            throw new IllegalStateException("Reading the saga topics for message waits failed", failure);
        }
    }

    /**
     * The relays' waits by topic ("relay to TOPIC"), then the listeners' ("LISTENER on TOPIC"), of the messages written
     * from {@code fromMicros} on. Where one message caused several, its listener wait ends with the first of them.
     */
    static Map<String, Wait> summarise(Map<UUID, Written> messages, long fromMicros) {
        Map<String, List<Long>> relay = new TreeMap<>();
        Map<UUID, Long> firstEffectWritten = new LinkedHashMap<>();
        for (Written message : messages.values()) {
            if (message.writtenMicros() < fromMicros) {
                continue;
            }
            // Kafka's stamp is cut to the millisecond: a wait shorter than that can come out slightly negative.
            relay.computeIfAbsent("relay to " + message.topic(), topic -> new ArrayList<>())
                    .add(Math.max(0, message.sentMicros() - message.writtenMicros()));
            if (message.causationId() != null) {
                firstEffectWritten.merge(message.causationId(), message.writtenMicros(), Math::min);
            }
        }
        Map<String, List<Long>> listener = new TreeMap<>();
        firstEffectWritten.forEach((causeId, effectWrittenMicros) -> {
            Written cause = messages.get(causeId);
            if (cause != null && cause.writtenMicros() >= fromMicros) {
                // Never negative: the effect was written after its cause was sent, and the stamp rounds down.
                listener.computeIfAbsent(listenerOf(cause.topic()) + " on " + cause.topic(), t -> new ArrayList<>())
                        .add(effectWrittenMicros - cause.sentMicros());
            }
        });
        Map<String, Wait> waits = new LinkedHashMap<>();
        relay.forEach((hop, micros) -> waits.put(hop, waitOf(micros)));
        listener.forEach((hop, micros) -> waits.put(hop, waitOf(micros)));
        return waits;
    }

    /** The service whose listener reads the topic: the orchestrator reads events and replies, a participant its commands. */
    static String listenerOf(String topic) {
        return switch (topic) {
            case Channels.ORDER_EVENTS, Channels.SAGA_REPLIES -> "saga-orchestrator";
            default -> topic.substring(0, topic.indexOf('.')) + "-service";
        };
    }

    private static Wait waitOf(List<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        double mean = micros.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1000.0;
        return new Wait(
                sorted.length,
                Math.round(mean * 10) / 10.0,
                Result.Run.percentile(sorted, 50),
                Result.Run.percentile(sorted, 99));
    }

    private void poll() {
        try {
            consumer.subscribe(Channels.ALL, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            Map<TopicPartition, Long> endAtStop = null;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Written written = written(record);
                    if (written != null) {
                        messages.put(
                                UUID.fromString(TerminalObserver.header(record, MessageHeaders.MESSAGE_ID)), written);
                    }
                }
                if (catchUpUntilNanos != 0) {
                    if (endAtStop == null) {
                        endAtStop = consumer.endOffsets(consumer.assignment());
                    }
                    if (readUpTo(endAtStop)) {
                        caughtUp = true;
                        return;
                    }
                    if (System.nanoTime() - catchUpUntilNanos > 0) {
                        return; // stopAndSummarise reports it
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() while a poll waited
        } catch (RuntimeException e) {
            failure = e;
            assigned.countDown();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean readUpTo(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static Written written(ConsumerRecord<?, ?> record) {
        String id = TerminalObserver.header(record, MessageHeaders.MESSAGE_ID);
        String createdAt = TerminalObserver.header(record, MessageHeaders.CREATED_AT);
        if (id == null || createdAt == null) {
            return null;
        }
        String causation = TerminalObserver.header(record, MessageHeaders.CAUSATION_ID);
        return new Written(
                record.topic(),
                causation == null ? null : UUID.fromString(causation),
                ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(createdAt)),
                record.timestamp() * 1_000);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup(); // ends a poll that is waiting; the reader's thread then closes the consumer
        }
        thread.join(10_000);
    }
}
