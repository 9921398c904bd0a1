package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.messaging.outbox.OutboxCommits;
import io.debezium.util.DelayStrategy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The pause of Debezium's streaming thread when the replication stream is empty. Debezium sleeps the poll interval;
 * this pause ends as soon as this process commits an outbox write. Its change reaches the stream a moment after the
 * commit, so until the relay has handed a change over, the next pauses are short: 1 ms, then doubling, up to the poll
 * interval. Then it waits for the next commit again.
 *
 * <p>That wait is what an idle relay costs: every pause that ends without a commit reads the stream once more. It
 * starts at the poll interval and doubles while no change comes, up to the idle ceiling, so an idle relay reads the
 * stream a few times a second instead of a hundred. Changes that other instances write reach the stream without a
 * local commit; after a quiet spell the first of them waits up to the ceiling, as in the polling relay.
 *
 * <p>Only Debezium's streaming thread calls it.
 */
final class CommitAwareStreamingPause implements DelayStrategy {

    private final OutboxCommits commits;
    private final Duration pollInterval;
    private final Duration maxIdleInterval;
    /** How many changes the relay has handed over so far. */
    private final LongSupplier changesHandedOver;

    /** Changes handed over when the last commit woke this thread; negative when no commit waits for its change. */
    private long changesAtCommit = -1;

    private long nextShortPauseMillis;
    /** How long the next wait for a commit lasts at most. */
    private Duration idleWait;
    /** Changes handed over when the last wait for a commit began. */
    private long changesAtIdleWait = -1;

    CommitAwareStreamingPause(
            OutboxCommits commits, Duration pollInterval, Duration maxIdleInterval, LongSupplier changesHandedOver) {
        this.commits = commits;
        this.pollInterval = pollInterval;
        this.maxIdleInterval = maxIdleInterval.compareTo(pollInterval) < 0 ? pollInterval : maxIdleInterval;
        this.changesHandedOver = changesHandedOver;
        this.idleWait = pollInterval;
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
                if (commits.awaitCommit(nextIdleWait())) {
                    changesAtCommit = changesHandedOver.getAsLong();
                    nextShortPauseMillis = 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The poll interval again once a change was handed over since the last wait, otherwise twice the last wait. */
    Duration nextIdleWait() {
        long handedOver = changesHandedOver.getAsLong();
        if (handedOver != changesAtIdleWait) {
            idleWait = pollInterval;
        } else {
            Duration doubled = idleWait.multipliedBy(2);
            idleWait = doubled.compareTo(maxIdleInterval) < 0 ? doubled : maxIdleInterval;
        }
        changesAtIdleWait = handedOver;
        return idleWait;
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
