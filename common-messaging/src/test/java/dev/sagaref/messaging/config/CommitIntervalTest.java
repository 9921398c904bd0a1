package dev.sagaref.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

class CommitIntervalTest {

    @Test
    void anIntervalCommitsOnATimerAndAnIdleListenerPollsNoLongerThanIt() {
        ContainerProperties container = new ContainerProperties("orders");

        MessagingAutoConfiguration.commitHandledOffsetsEvery(Duration.ofSeconds(1), container);

        assertThat(container.getAckMode()).isEqualTo(AckMode.TIME);
        assertThat(container.getAckTime()).isEqualTo(1_000);
        assertThat(container.getPollTimeout()).isEqualTo(1_000);
    }

    @Test
    void zeroKeepsACommitAfterEveryPoll() {
        ContainerProperties container = new ContainerProperties("orders");

        MessagingAutoConfiguration.commitHandledOffsetsEvery(Duration.ZERO, container);

        assertThat(container.getAckMode()).isEqualTo(AckMode.BATCH);
        assertThat(container.getPollTimeout()).isEqualTo(ContainerProperties.DEFAULT_POLL_TIMEOUT);
    }
}
