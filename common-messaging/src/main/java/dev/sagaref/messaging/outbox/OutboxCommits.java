package dev.sagaref.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells the polling relay in this process that a transaction which wrote to the outbox has committed, so it reads new
 * rows at once instead of on its next poll. Rows written by other instances are still found by polling. (Debezium
 * needs no such signal: its streaming thread waits on the replication connection itself.)
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
