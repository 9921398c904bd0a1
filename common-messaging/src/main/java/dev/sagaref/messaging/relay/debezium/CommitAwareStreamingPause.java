package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.messaging.outbox.OutboxCommits;
import io.debezium.util.DelayStrategy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The pause of Debezium's streaming thread when the replication stream is empty. Debezium sleeps the poll interval;
 * this pause ends as soon as this process commits an outbox write. Its change reaches the stream a moment after the
 * commit, so until the relay has handed a change over, the next pauses are short: 1 ms, then doubling, up to the poll
 * interval. Then it waits for the next commit again, at most the poll interval (changes that other instances write,
 * heartbeats).
 *
 * <p>Only Debezium's streaming thread calls it.
 */
final class CommitAwareStreamingPause implements DelayStrategy {

    private final OutboxCommits commits;
    private final Duration pollInterval;
    /** How many changes the relay has handed over so far. */
    private final LongSupplier changesHandedOver;

    /** Changes handed over when the last commit woke this thread; negative when no commit waits for its change. */
    private long changesAtCommit = -1;

    private long nextShortPauseMillis;

    CommitAwareStreamingPause(OutboxCommits commits, Duration pollInterval, LongSupplier changesHandedOver) {
        this.commits = commits;
        this.pollInterval = pollInterval;
        this.changesHandedOver = changesHandedOver;
    }

    @Override
    public boolean sleepWhen(boolean criteria) {
        if (!criteria) {
            return false;
        }
        try {
            if (awaitingTheCommittedChange()) {
                Thread.sleep(nextShortPauseMillis);
                nextShortPauseMillis *= 2;
            } else {
                changesAtCommit = -1;
                if (commits.awaitCommit(pollInterval)) {
                    changesAtCommit = changesHandedOver.getAsLong();
                    nextShortPauseMillis = 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * A commit woke this thread, nothing was handed over since, and the short pauses have not reached the poll
     * interval. Under load changes follow each other, so the short pauses end after one or two.
     */
    private boolean awaitingTheCommittedChange() {
        return changesAtCommit >= 0
                && changesHandedOver.getAsLong() == changesAtCommit
                && nextShortPauseMillis < pollInterval.toMillis();
    }
}
