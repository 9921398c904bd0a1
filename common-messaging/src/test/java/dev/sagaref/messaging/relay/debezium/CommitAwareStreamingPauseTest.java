package dev.sagaref.messaging.relay.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.messaging.outbox.OutboxCommits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommitAwareStreamingPauseTest {

    private final AtomicLong changesHandedOver = new AtomicLong();

    private final CommitAwareStreamingPause pause = new CommitAwareStreamingPause(
            new OutboxCommits(), Duration.ofMillis(10), Duration.ofMillis(50), changesHandedOver::get);

    @Test
    void waitsLongerWhileNoChangeComesUpToTheIdleCeiling() {
        assertThat(pause.nextIdleWait()).hasMillis(10);
        assertThat(pause.nextIdleWait()).hasMillis(20);
        assertThat(pause.nextIdleWait()).hasMillis(40);
        assertThat(pause.nextIdleWait()).hasMillis(50);
        assertThat(pause.nextIdleWait()).hasMillis(50);
    }

    @Test
    void waitsThePollIntervalAgainOnceAChangeWasHandedOver() {
        pause.nextIdleWait();
        pause.nextIdleWait();
        pause.nextIdleWait();

        changesHandedOver.incrementAndGet();

        assertThat(pause.nextIdleWait()).hasMillis(10);
        assertThat(pause.nextIdleWait()).hasMillis(20);
    }

    @Test
    void anIdleCeilingBelowThePollIntervalKeepsThePollInterval() {
        CommitAwareStreamingPause shortCeiling = new CommitAwareStreamingPause(
                new OutboxCommits(), Duration.ofMillis(10), Duration.ofMillis(1), changesHandedOver::get);

        assertThat(shortCeiling.nextIdleWait()).hasMillis(10);
        assertThat(shortCeiling.nextIdleWait()).hasMillis(10);
    }

    @Test
    void aPauseWithoutACommitLastsTheIdleWait() {
        assertThat(pause.sleepWhen(false)).as("no pause asked for").isFalse();
        assertThat(pause.sleepWhen(true)).isTrue();
        assertThat(pause.nextIdleWait()).as("the wait after one pause of 10 ms").hasMillis(20);
    }
}
