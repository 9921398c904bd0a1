package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TerminalObserverTest {

    @Test
    void aRecordTimestampIsPutOnTheLoadGeneratorsClock() {
        long nanoTimeAtEpoch = -1_700_000_000_000_000_000L;

        // 250 ms after the moment nanoTime read zero.
        assertThat(TerminalObserver.sentAtNanos(1_700_000_000_250L, nanoTimeAtEpoch))
                .isEqualTo(250_000_000L);
    }

    @Test
    void approvalsAndRejectionsEndAnOrderOtherRepliesNothing() {
        assertThat(TerminalObserver.terminalOf(reply("OrderApproved"), 42))
                .isEqualTo(new TerminalObserver.Terminal("APPROVED", 42));
        assertThat(TerminalObserver.terminalOf(reply("OrderRejected"), 42))
                .isEqualTo(new TerminalObserver.Terminal("REJECTED", 42));
        assertThat(TerminalObserver.terminalOf(reply("PaymentAuthorized"), 42)).isNull();
    }

    private static ConsumerRecord<String, byte[]> reply(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        headers.add(
                MessageHeaders.CORRELATION_ID, "0b0f5f3e-9d1c-4b7e-8d43-2a6c1f0e9a11".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "saga.replies",
                0,
                0,
                1_700_000_000_250L,
                TimestampType.CREATE_TIME,
                0,
                0,
                "key",
                new byte[0],
                headers,
                Optional.empty());
    }
}
