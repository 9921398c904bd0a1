package dev.sagaref.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells a relay in this process that a transaction which wrote to the outbox has committed, so the polling relay
 * reads new rows at once instead of on its next poll. Rows written by other instances are still found by polling.
 */
public final class OutboxCommits {

    private boolean committedSinceLastWait;

    synchronized void committed() {
        committedSinceLastWait = true;
        notifyAll();
    }

    /** Returns once an outbox write has committed since the last call, or after {@code timeout}. */
    public synchronized void awaitCommit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!committedSinceLastWait) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        committedSinceLastWait = false;
    }
}
