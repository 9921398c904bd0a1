package dev.sagaref.messaging.inbox;

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
 * Deletes inbox records older than {@code messaging.inbox.retention} (7 days by default), in batches, on one
 * instance at a time (ShedLock). The window must exceed the longest time a message can be redelivered after its
 * first delivery, which Kafka's topic retention bounds.
 */
public class InboxCleanup {

    private static final Logger log = LoggerFactory.getLogger(InboxCleanup.class);

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
        int deleted = ExpiredRows.delete(jdbc, """
                            DELETE FROM inbox WHERE ctid IN (
                              SELECT ctid FROM inbox WHERE received_at < :cutoff LIMIT :batch)
                            """, Instant.now(clock).minus(retention));
        if (deleted > 0) {
            log.info("Deleted {} inbox records older than {}", deleted, retention);
        }
        return deleted;
    }
}
