package dev.sagaref.console.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLogTest {

    private final MessageLog log = new MessageLog(3);

    @Test
    void keepsTheNewestUpToItsCapacityAndFindsThemByKey() {
        log.add(message("order.events", "a"));
        log.add(message("payment.commands", "b"));
        log.add(message("saga.replies", "a"));
        log.add(message("order.commands", "c"));

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.withKey("a")).extracting(KafkaMessage::topic).containsExactly("saga.replies");
        assertThat(log.withKey("b")).hasSize(1);
        assertThat(log.newest(2, m -> true)).extracting(KafkaMessage::key).containsExactly("a", "c");
        assertThat(log.newest(10, m -> m.key().equals("b")))
                .extracting(KafkaMessage::sequence)
                .containsExactly(2L);
        assertThat(log.topics()).contains("order.events", "order.commands");
    }

    @Test
    void listsAnOrdersMessagesInTheOrderKafkaStampedThem() {
        Instant written = Instant.parse("2026-12-07T10:00:00Z");
        // One batch of the feed: the reply's partition came before the event's, as a fetch may return them.
        log.add(message("saga.replies", "a", written.plusMillis(20)));
        log.add(message("order.events", "a", written));
        log.add(message("payment.commands", "a", written.plusMillis(20)));

        assertThat(log.withKey("a"))
                .extracting(KafkaMessage::topic)
                .containsExactly("order.events", "saga.replies", "payment.commands");
    }

    @Test
    void tellsSubscribersOfEachMessageNumberedInArrivalOrder() {
        List<Long> seen = new ArrayList<>();
        log.subscribe(message -> seen.add(message.sequence()));

        log.add(message("order.events", "a"));
        log.add(message("order.events", "b"));

        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void readsDeadLettersAndTraceIdsFromTheHeaders() {
        KafkaMessage deadLetter = new KafkaMessage(
                0,
                "payment.commands.DLT",
                0,
                7,
                "a",
                Instant.now(),
                Map.of(
                        "kafka_dlt-exception-message", "refunds are broken",
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                "{}");

        assertThat(deadLetter.isDeadLetter()).isTrue();
        assertThat(deadLetter.deadLetterReason()).isEqualTo("refunds are broken");
        assertThat(deadLetter.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void showsTextAsItIsAndBinaryHeadersAsHex() {
        assertThat(KafkaFeed.text("PaymentAuthorized".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("PaymentAuthorized");
        assertThat(KafkaFeed.text(ByteBuffer.allocate(8).putLong(42).array())).isEqualTo("0x000000000000002a");
        assertThat(KafkaFeed.text(new byte[] {(byte) 0xff, (byte) 0xfe})).isEqualTo("0xfffe");
        assertThat(KafkaFeed.text(null)).isEmpty();
    }

    private static KafkaMessage message(String topic, String key) {
        return message(topic, key, Instant.now());
    }

    private static KafkaMessage message(String topic, String key, Instant timestamp) {
        return new KafkaMessage(0, topic, 0, 0, key, timestamp, Map.of(), "{}");
    }
}
