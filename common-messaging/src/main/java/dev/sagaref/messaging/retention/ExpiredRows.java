package dev.sagaref.messaging.retention;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes rows past their retention a batch at a time, so a cleanup run never holds locks on a large part of a hot
 * table or builds one huge transaction after a long outage.
 */
public final class ExpiredRows {

    /** Rows per delete statement. */
    public static final int BATCH = 5_000;

    private ExpiredRows() {}

    /**
     * Runs {@code deleteOneBatch} until it deletes fewer than {@link #BATCH} rows; returns the total. The statement
     * takes the named parameters {@code :cutoff} and {@code :batch}.
     */
    public static int delete(JdbcClient jdbc, String deleteOneBatch, Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(deleteOneBatch)
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("batch", BATCH)
                    .update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
