package dev.sagaref.messaging.retention;

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
     * takes the named parameters {@code :cutoff} (bound as given, in the type of the column it is compared with) and
     * {@code :batch}.
     */
    public static int delete(JdbcClient jdbc, String deleteOneBatch, Object cutoff) {
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
