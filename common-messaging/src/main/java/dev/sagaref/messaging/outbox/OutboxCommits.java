package dev.sagaref.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells a relay in this process that a transaction which wrote to the outbox has committed, so the polling relay
 * reads new rows at once instead of on its next poll, and Debezium's streaming thread reads the replication stream at
 * once instead of after its sleep. Rows written by other instances are still found by polling or after the sleep.
 */
public final class OutboxCommits {

    private boolean committedSinceLastWait;

    synchronized void committed() {
        committedSinceLastWait = true;
        notifyAll();
    }

    /**
     * Returns once an outbox write has committed since the last call, or after {@code timeout}.
     *
     * @return true if a commit ended the wait
     */
    public synchronized boolean awaitCommit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!committedSinceLastWait) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        committedSinceLastWait = false;
        return true;
    }
}
