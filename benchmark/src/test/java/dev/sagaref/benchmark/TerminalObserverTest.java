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

    private static final long NANO_TIME_AT_EPOCH = -1_700_000_000_000_000_000L;

    @Test
    void anOrderEndsWhenItsOutcomeWasSentNotWhenTheObserverReadIt() {
        long sentAtMillis = 1_700_000_000_250L;

        TerminalObserver.Terminal approved =
                TerminalObserver.terminalOf(reply("OrderApproved", sentAtMillis), NANO_TIME_AT_EPOCH);
        TerminalObserver.Terminal rejected =
                TerminalObserver.terminalOf(reply("OrderRejected", sentAtMillis), NANO_TIME_AT_EPOCH);

        // 250 ms after the moment nanoTime read zero, on nanoTime's scale.
        assertThat(approved).isEqualTo(new TerminalObserver.Terminal("APPROVED", 250_000_000L));
        assertThat(rejected.outcome()).isEqualTo("REJECTED");
    }

    @Test
    void otherRepliesEndNothing() {
        assertThat(TerminalObserver.terminalOf(reply("PaymentAuthorized", 1_700_000_000_250L), NANO_TIME_AT_EPOCH))
                .isNull();
    }

    private static ConsumerRecord<String, byte[]> reply(String type, long timestampMillis) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        headers.add(
                MessageHeaders.CORRELATION_ID, "0b0f5f3e-9d1c-4b7e-8d43-2a6c1f0e9a11".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "saga.replies",
                0,
                0,
                timestampMillis,
                TimestampType.CREATE_TIME,
                0,
                0,
                "key",
                new byte[0],
                headers,
                Optional.empty());
    }
}
