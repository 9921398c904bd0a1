package dev.sagaref.messaging.outbox;

import dev.sagaref.messaging.retention.ExpiredRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the outbox table small when Debezium is the relay. Debezium reads inserts from the WAL, not from the table,
 * so a row is no longer needed once written; we keep rows for {@code messaging.outbox.retention} only so people can
 * look at recent messages with SQL. Deleting in small batches from the oldest sequence number walks the primary key
 * index and never competes with the insert-only hot path. (The polling relay deletes what it publishes itself.)
 */
public class OutboxCleanup {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleanup.class);

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;

    public OutboxCleanup(JdbcClient jdbc, Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${messaging.outbox.cleanup-interval:PT1M}", initialDelayString = "PT10S")
    @SchedulerLock(name = "outbox-cleanup")
    public void scheduledCleanup() {
        deleteExpired();
    }

    /** Returns how many rows were deleted. */
    public int deleteExpired() {
        int deleted = ExpiredRows.deleteBeforeEpochMicros(
                jdbc, """
                            DELETE FROM outbox WHERE sequence_number IN (
                              SELECT sequence_number FROM outbox WHERE created_at_micros < :cutoff
                              ORDER BY sequence_number LIMIT :batch)
                            """, EpochMicros.of(Instant.now(clock).minus(retention)));
        if (deleted > 0) {
            log.info("Deleted {} outbox rows older than {}", deleted, retention);
        }
        return deleted;
    }
}
