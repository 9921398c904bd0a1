package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.messaging.outbox.OutboxCommits;
import io.debezium.util.DelayStrategy;
import java.time.Duration;

/**
 * The pause of Debezium's streaming thread when the replication stream is empty. Debezium sleeps the poll interval;
 * this pause ends as soon as this process commits an outbox write, whose change reaches the stream a moment later.
 * So the next two pauses after such a commit are a millisecond each; then it waits for the next commit again, at most
 * the poll interval (changes that other instances write, heartbeats).
 *
 * <p>Only Debezium's streaming thread calls it.
 */
final class CommitAwareStreamingPause implements DelayStrategy {

    /**
     * Short pauses after a commit, while its change travels to the stream. Five made a busy relay's thread wake every
     * millisecond, which cost the stack more CPU than it saved (docs/benchmark).
     */
    private static final int PAUSES_AFTER_A_COMMIT = 2;

    private final OutboxCommits commits;
    private final Duration pollInterval;
    private int shortPausesLeft;

    CommitAwareStreamingPause(OutboxCommits commits, Duration pollInterval) {
        this.commits = commits;
        this.pollInterval = pollInterval;
    }

    @Override
    public boolean sleepWhen(boolean criteria) {
        if (!criteria) {
            return false;
        }
        try {
            if (shortPausesLeft > 0) {
                shortPausesLeft--;
                Thread.sleep(1);
            } else if (commits.awaitCommit(pollInterval)) {
                shortPausesLeft = PAUSES_AFTER_A_COMMIT;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
