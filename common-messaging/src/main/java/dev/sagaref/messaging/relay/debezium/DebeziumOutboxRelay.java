package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.events.MessageMetadata;
import dev.sagaref.messaging.outbox.EpochMicros;
import dev.sagaref.messaging.relay.KafkaOutboxPublisher;
import dev.sagaref.messaging.relay.OutboxRecord;
import dev.sagaref.messaging.relay.OutboxRelay;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the outbox table through logical replication (pgoutput) with Debezium Embedded and hands each inserted row
 * to Kafka as soon as Debezium has it. Acknowledgements are not awaited batch by batch: records stay in flight while
 * the next ones are sent, and a record is marked processed only once Kafka acknowledged it and every record before
 * it. So Debezium's offsets (and the slot's confirmed position) never run ahead of Kafka: a crash can resend, never
 * lose.
 *
 * <p>Records acknowledged after the last change of a quiet period are marked with the next change or heartbeat; a
 * crash before that resends them, and the inbox drops the duplicates.
 */
public class DebeziumOutboxRelay implements OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(DebeziumOutboxRelay.class);

    private static final String CREATED_AT_MICROS = "created_at_micros";
    private static final String CREATED_AT_BEFORE_V0_3 = "created_at";

    private final Properties engineProperties;
    private final ChangeDataCapture capture;
    private final KafkaOutboxPublisher publisher;
    private final int maxUnacknowledged;
    /** Sent but not yet marked processed, oldest first. Only the engine's thread touches it. */
    private final Deque<InFlight> unacknowledged = new ArrayDeque<>();

    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean running;
    /** Set by the first change (an outbox insert or the start mark) after start: Debezium has found its position. */
    private volatile boolean streaming;

    private volatile Throwable lastFailure;

    /**
     * @param maxUnacknowledged records in flight at most; beyond it the relay waits for the oldest acknowledgement
     */
    public DebeziumOutboxRelay(
            Properties engineProperties,
            ChangeDataCapture capture,
            KafkaOutboxPublisher publisher,
            int maxUnacknowledged) {
        this.engineProperties = engineProperties;
        this.capture = capture;
        this.publisher = publisher;
        this.maxUnacknowledged = maxUnacknowledged;
    }

    /** A change handed to Kafka, with the acknowledgement it waits for (already complete for non-outbox events). */
    private record InFlight(RecordChangeEvent<SourceRecord> event, CompletableFuture<?> ack) {}

    private static final CompletableFuture<?> NOTHING_TO_SEND = CompletableFuture.completedFuture(null);

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        capture.ensureCaptureExists();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineProperties)
                .notifying(this::handleBatch)
                .using(this::engineStopped)
                .build();
        executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "outbox-relay-debezium"));
        // Whatever was in flight when an earlier engine stopped is sent again from its last saved offset.
        unacknowledged.clear();
        running = true;
        streaming = false;
        lastFailure = null;
        executor.execute(engine);
        // The thread ends with the engine, so a restart after a failure leaves no idle thread behind.
        executor.shutdown();
        capture.markStreamPosition();
    }

    @Override
    public synchronized void stop() {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
        } catch (IOException e) {
            log.warn("Closing the Debezium engine failed", e);
        }
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine = null;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isStreaming() {
        return running && streaming;
    }

    @Override
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public String mode() {
        return "debezium";
    }

    private void handleBatch(
            List<RecordChangeEvent<SourceRecord>> events,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        for (RecordChangeEvent<SourceRecord> event : events) {
            if (!streaming && isChange(event.record())) {
                streaming = true;
            }
            CompletableFuture<?> ack = toOutboxRecord(event.record())
                    .<CompletableFuture<?>>map(publisher::send)
                    .orElse(NOTHING_TO_SEND);
            unacknowledged.addLast(new InFlight(event, ack));
        }
        markAcknowledgedInOrder(committer);
        committer.markBatchFinished();
    }

    /**
     * Marks processed every record from the oldest on whose acknowledgement (and every earlier one) has come, and
     * stops at the first still in flight, so an offset never covers a record Kafka may not have. Throws if a send
     * failed: the engine stops, and the restarted relay resends from the last saved offset.
     */
    private void markAcknowledgedInOrder(DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        while (!unacknowledged.isEmpty()) {
            InFlight oldest = unacknowledged.peekFirst();
            if (!oldest.ack().isDone()) {
                if (unacknowledged.size() <= maxUnacknowledged) {
                    return;
                }
                publisher.awaitAcknowledged(oldest.ack(), 1);
            }
            if (oldest.ack().isCompletedExceptionally()) {
                publisher.awaitAcknowledged(oldest.ack(), 1); // throws with Kafka's reason
            }
            committer.markProcessed(oldest.event());
            unacknowledged.removeFirst();
        }
    }

    /** A row change or a logical decoding message; heartbeats have no operation and may come before either. */
    static boolean isChange(SourceRecord change) {
        return change.value() instanceof Struct envelope && envelope.schema().field("op") != null;
    }

    /** Inserts into the outbox become records; heartbeats and anything else only advance the offset. */
    static Optional<OutboxRecord> toOutboxRecord(SourceRecord change) {
        if (!(change.value() instanceof Struct envelope)
                || envelope.schema().field("after") == null
                || !"c".equals(envelope.getString("op"))) {
            return Optional.empty();
        }
        Struct row = envelope.getStruct("after");
        MessageMetadata metadata = new MessageMetadata(
                UUID.fromString(row.getString("id")),
                row.getString("message_type"),
                row.getInt32("schema_version"),
                uuidOrNull(row.getString("saga_id")),
                UUID.fromString(row.getString("correlation_id")),
                uuidOrNull(row.getString("causation_id")),
                row.getString("initiated_by"),
                row.getString("traceparent"),
                createdAt(row));
        return Optional.of(new OutboxRecord(
                row.getString("topic"), row.getString("message_key"), metadata, row.getString("payload")));
    }

    /**
     * The write time, from {@code created_at_micros}; a row written before V0_3 made that column, and still in the
     * WAL when it ran, comes with the old {@code created_at}, as the ISO text Debezium makes of a {@code timestamptz}.
     */
    private static Instant createdAt(Struct row) {
        return row.schema().field(CREATED_AT_MICROS) != null
                ? EpochMicros.toInstant(row.getInt64(CREATED_AT_MICROS))
                : Instant.parse(row.getString(CREATED_AT_BEFORE_V0_3));
    }

    private static UUID uuidOrNull(String value) {
        return value == null ? null : UUID.fromString(value);
    }

    private void engineStopped(boolean success, String message, Throwable error) {
        running = false;
        if (!success) {
            lastFailure = error != null ? error : new IllegalStateException(message);
            log.error("The Debezium outbox relay stopped: {}", message, error);
        } else {
            log.info("The Debezium outbox relay stopped: {}", message);
        }
    }
}
