package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.events.MessageMetadata;
import dev.sagaref.messaging.relay.KafkaOutboxPublisher;
import dev.sagaref.messaging.relay.OutboxRecord;
import dev.sagaref.messaging.relay.OutboxRelay;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the outbox table through logical replication (pgoutput) with Debezium Embedded and hands each inserted row
 * to Kafka. A batch is marked processed only after Kafka acknowledged every record in it, so Debezium's offsets (and
 * the slot's confirmed position) never run ahead of Kafka: a crash can resend, never lose.
 */
public class DebeziumOutboxRelay implements OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(DebeziumOutboxRelay.class);

    private final Properties engineProperties;
    private final ChangeDataCapture capture;
    private final KafkaOutboxPublisher publisher;

    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean running;
    private volatile Throwable lastFailure;

    public DebeziumOutboxRelay(Properties engineProperties, ChangeDataCapture capture, KafkaOutboxPublisher publisher) {
        this.engineProperties = engineProperties;
        this.capture = capture;
        this.publisher = publisher;
    }

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
        running = true;
        lastFailure = null;
        executor.execute(engine);
        // The thread ends with the engine, so a restart after a failure leaves no idle thread behind.
        executor.shutdown();
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
        List<OutboxRecord> records = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            toOutboxRecord(event.record()).ifPresent(records::add);
        }
        publisher.publishAll(records);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
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
                row.getString("traceparent"),
                Instant.parse(row.getString("created_at")));
        return Optional.of(new OutboxRecord(
                row.getString("topic"), row.getString("message_key"), metadata, row.getString("payload")));
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
