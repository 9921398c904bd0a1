package dev.sagaref.messaging.relay.polling;

import dev.sagaref.events.MessageMetadata;
import dev.sagaref.messaging.outbox.EpochMicros;
import dev.sagaref.messaging.outbox.OutboxCommits;
import dev.sagaref.messaging.relay.KafkaOutboxPublisher;
import dev.sagaref.messaging.relay.OutboxRecord;
import dev.sagaref.messaging.relay.OutboxRelay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay for databases where logical replication is not allowed. In one transaction it locks the oldest batch of
 * rows ({@code FOR UPDATE SKIP LOCKED}), sends them, waits for Kafka's acknowledgement and deletes them; a crash
 * before the commit leaves the rows in place to be sent again. Deleting what was sent keeps the table as small as
 * the backlog. Only the leader polls (see {@link dev.sagaref.messaging.relay.RelayLeadership}), so batches never
 * race each other and per-key order holds.
 *
 * <p>Order is by {@code sequence_number}, which is assigned at insert, not at commit; two transactions writing
 * messages for the same order at the same time could commit out of sequence. Saga messages for one order are written
 * one after another, so this does not arise here; the Debezium relay follows commit order regardless.
 */
public class PollingOutboxRelay implements OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(PollingOutboxRelay.class);

    private static final String LOCK_OLDEST = """
            SELECT sequence_number, id, topic, message_key, message_type, schema_version, saga_id, correlation_id,
                   causation_id, initiated_by, traceparent, created_at_micros, payload::text AS payload
            FROM outbox ORDER BY sequence_number LIMIT :batchSize FOR UPDATE SKIP LOCKED
            """;

    /** Distinct from the leadership lock, which the leader holds on another session. */
    private static final long BATCH_LOCK_KEY = 0x0_5a6a_0_7e1a_aL;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaOutboxPublisher publisher;
    private final OutboxCommits commits;
    private final Duration pollInterval;
    private final Duration maxIdleInterval;
    private final int batchSize;

    private Thread worker;
    private volatile boolean running;
    private volatile Throwable lastFailure;

    public PollingOutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaOutboxPublisher publisher,
            OutboxCommits commits,
            Duration pollInterval,
            Duration maxIdleInterval,
            int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.commits = commits;
        this.pollInterval = pollInterval;
        this.maxIdleInterval = maxIdleInterval;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::pollUntilStopped, "outbox-relay-polling");
        worker.start();
    }

    @Override
    public synchronized void stop() {
        if (worker == null) {
            return;
        }
        running = false;
        worker.interrupt();
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
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
        return "polling";
    }

    /**
     * Polls again at once after a full batch. Otherwise it waits for the next commit of an outbox write in this
     * process, or, for rows that other instances write, for a wait that starts at the poll interval and doubles
     * while the table stays empty, up to the idle interval: an idle relay costs a query or two a second.
     */
    private void pollUntilStopped() {
        try {
            Duration wait = pollInterval;
            while (running) {
                int sent = relayOneBatch();
                if (sent == batchSize) {
                    continue;
                }
                wait = sent > 0 ? pollInterval : min(wait.multipliedBy(2), maxIdleInterval);
                commits.awaitCommit(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                lastFailure = e;
                log.error("The polling outbox relay stopped", e);
            }
        } finally {
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Returns how many rows were sent and deleted. */
    int relayOneBatch() {
        Integer sent = transactions.execute(status -> {
            // Leadership is checked once a second; should two relays ever overlap, this lock (released at commit)
            // still lets only one batch go at a time, so one order's messages cannot overtake each other.
            if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
                    .param("key", BATCH_LOCK_KEY)
                    .query(Boolean.class)
                    .single())) {
                return 0;
            }
            List<Row> rows = jdbc.sql(LOCK_OLDEST)
                    .param("batchSize", batchSize)
                    .query(Row.class)
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            try {
                publisher.publishAll(rows.stream().map(Row::toRecord).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka; the batch will be resent", e);
            }
            jdbc.sql("DELETE FROM outbox WHERE sequence_number = ANY(:ids)")
                    .param("ids", rows.stream().map(Row::sequenceNumber).toArray(Long[]::new))
                    .update();
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    record Row(
            long sequenceNumber,
            UUID id,
            String topic,
            String messageKey,
            String messageType,
            int schemaVersion,
            UUID sagaId,
            UUID correlationId,
            UUID causationId,
            String initiatedBy,
            String traceparent,
            long createdAtMicros,
            String payload) {

        OutboxRecord toRecord() {
            MessageMetadata metadata = new MessageMetadata(
                    id,
                    messageType,
                    schemaVersion,
                    sagaId,
                    correlationId,
                    causationId,
                    initiatedBy,
                    traceparent,
                    EpochMicros.toInstant(createdAtMicros));
            return new OutboxRecord(topic, messageKey, metadata, payload);
        }
    }
}
