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
     * takes the named parameters {@code :cutoff}, compared with a {@code timestamptz} column, and {@code :batch}.
     */
    public static int delete(JdbcClient jdbc, String deleteOneBatch, Instant cutoff) {
        return deleteInBatches(jdbc, deleteOneBatch, Timestamp.from(cutoff));
    }

    /** As {@link #delete(JdbcClient, String, Instant)}, for a column of microseconds since the epoch. */
    public static int deleteBeforeEpochMicros(JdbcClient jdbc, String deleteOneBatch, long cutoffEpochMicros) {
        return deleteInBatches(jdbc, deleteOneBatch, cutoffEpochMicros);
    }

    private static int deleteInBatches(JdbcClient jdbc, String deleteOneBatch, Object cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(deleteOneBatch)
                    .param("cutoff", cutoff)
                    .param("batch", BATCH)
                    .update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
