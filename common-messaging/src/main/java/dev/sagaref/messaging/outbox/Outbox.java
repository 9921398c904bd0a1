package dev.sagaref.messaging.outbox;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MessageCatalog;
import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.MessageType;
import dev.sagaref.messaging.tracing.MessageTracing;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The only way to send a message: it becomes a row of the outbox table in the caller's transaction, so the message
 * exists if and only if the business change commits. A relay moves committed rows to Kafka. Calling this outside a
 * transaction throws {@link org.springframework.transaction.IllegalTransactionStateException} instead of silently
 * auto-committing a message whose business change may never happen.
 */
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (id, topic, message_key, message_type, schema_version, saga_id, correlation_id,
                                causation_id, initiated_by, traceparent, created_at_micros, payload)
            VALUES (:id, :topic, :key, :type, :version, :sagaId, :correlationId, :causationId, :initiatedBy,
                    :traceparent, :createdAtMicros, CAST(:payload AS json))
            """;

    private final JdbcClient jdbc;
    private final MessageTracing tracing;
    private final Clock clock;
    /** Registered with every transaction that writes to the outbox. */
    private final TransactionSynchronization signalCommit;

    public Outbox(JdbcClient jdbc, MessageTracing tracing, Clock clock, OutboxCommits commits) {
        this.jdbc = jdbc;
        this.tracing = tracing;
        this.clock = clock;
        this.signalCommit = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                commits.committed();
            }
        };
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public MessageMetadata send(OutgoingMessage message) {
        MessageType type = MessageCatalog.of(message.payload().getClass());
        MessageMetadata cause = message.cause();
        String traceparent = tracing.currentTraceparent();
        if (traceparent == null && cause != null) {
            traceparent = cause.traceparent();
        }
        MessageMetadata metadata = new MessageMetadata(
                UUID.randomUUID(),
                type.name(),
                type.schemaVersion(),
                message.sagaId(),
                message.orderId(),
                cause == null ? null : cause.messageId(),
                message.initiatedBy() != null ? message.initiatedBy() : cause == null ? null : cause.initiatedBy(),
                traceparent,
                // PostgreSQL keeps microseconds; truncating here makes the returned metadata equal the stored row.
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        jdbc.sql(INSERT)
                .param("id", metadata.messageId())
                .param("topic", message.topic())
                .param("key", message.orderId().toString())
                .param("type", metadata.messageType())
                .param("version", metadata.schemaVersion())
                .param("sagaId", metadata.sagaId())
                .param("correlationId", metadata.correlationId())
                .param("causationId", metadata.causationId())
                .param("initiatedBy", metadata.initiatedBy())
                .param("traceparent", metadata.traceparent())
                .param("createdAtMicros", EpochMicros.of(metadata.createdAt()))
                .param("payload", JsonCodec.write(message.payload()))
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // A set: the second and later writes of a transaction register nothing more.
            TransactionSynchronizationManager.registerSynchronization(signalCommit);
        }
        return metadata;
    }
}
