package dev.sagaref.messaging.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes inbox records older than {@code messaging.inbox.retention} (7 days by default), in batches, on one
 * instance at a time (ShedLock). The window must exceed the longest time a message can be redelivered after its
 * first delivery, which Kafka's topic retention bounds.
 */
public class InboxCleanup {

    private static final Logger log = LoggerFactory.getLogger(InboxCleanup.class);
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;

    public InboxCleanup(JdbcClient jdbc, Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${messaging.inbox.cleanup-interval:PT1H}", initialDelayString = "PT30S")
    @SchedulerLock(name = "inbox-cleanup")
    public void scheduledCleanup() {
        deleteExpired();
    }

    /** Returns how many records were deleted. */
    public int deleteExpired() {
        Timestamp cutoff = Timestamp.from(Instant.now(clock).minus(retention));
        int total = 0;
        int deleted;
        do {
            deleted =
                    jdbc.sql("""
                            DELETE FROM inbox WHERE ctid IN (
                              SELECT ctid FROM inbox WHERE received_at < :cutoff LIMIT :batch)
                            """).param("cutoff", cutoff).param("batch", BATCH).update();
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("Deleted {} inbox records older than {}", total, retention);
        }
        return total;
    }
}
