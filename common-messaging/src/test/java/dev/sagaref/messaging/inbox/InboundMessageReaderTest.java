package dev.sagaref.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MalformedMessageException;
import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.messaging.relay.KafkaOutboxPublisherTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class InboundMessageReaderTest {

    private final UUID orderId = UUID.randomUUID();
    private final MessageMetadata metadata = new MessageMetadata(
            UUID.randomUUID(),
            "AuthorizePayment",
            1,
            UUID.randomUUID(),
            orderId,
            UUID.randomUUID(),
            "customer-1",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Instant.parse("2026-11-22T03:00:00.123456Z"));
    private final AuthorizePayment payload = new AuthorizePayment(orderId, "customer-1", 1500);

    @Test
    void readsWhatTheRelayWrites() {
        InboundMessage message = InboundMessageReader.read(record(JsonCodec.write(payload)));

        assertThat(message.metadata()).isEqualTo(metadata);
        assertThat(message.payload()).isEqualTo(payload);
        assertThat(message.topic()).isEqualTo("payment.commands");
    }

    @Test
    void unknownTypeIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        replaceHeader(record, MessageHeaders.MESSAGE_TYPE, "PayTwice");

        assertThatThrownBy(() -> InboundMessageReader.read(record))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("Unknown message type 'PayTwice'");
    }

    @Test
    void missingRequiredHeaderIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        record.headers().remove(MessageHeaders.CORRELATION_ID);

        assertThatThrownBy(() -> InboundMessageReader.read(record))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'correlation_id' is missing");
    }

    @Test
    void invalidHeaderValueIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        replaceHeader(record, MessageHeaders.MESSAGE_ID, "not-a-uuid");

        assertThatThrownBy(() -> InboundMessageReader.read(record))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'message_id' has an invalid value 'not-a-uuid'");
    }

    @Test
    void headerThatParsesButBreaksARuleIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        replaceHeader(record, MessageHeaders.SCHEMA_VERSION, "0");

        assertThatThrownBy(() -> InboundMessageReader.read(record))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("schemaVersion must be >= 1");
    }

    @Test
    void newerSchemaThanThisServiceReadsIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        replaceHeader(record, MessageHeaders.SCHEMA_VERSION, "2");

        assertThatThrownBy(() -> InboundMessageReader.read(record))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("schema version 2");
    }

    @Test
    void payloadOfTheWrongShapeIsMalformed() {
        assertThatThrownBy(() -> InboundMessageReader.read(record("{\"orderId\":42}")))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void emptyPayloadIsMalformed() {
        ConsumerRecord<String, byte[]> record = record(JsonCodec.write(payload));
        ConsumerRecord<String, byte[]> tombstone = new ConsumerRecord<>(
                record.topic(),
                0,
                0,
                0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                record.key(),
                null,
                record.headers(),
                java.util.Optional.empty());

        assertThatThrownBy(() -> InboundMessageReader.read(tombstone))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("no payload");
    }

    private ConsumerRecord<String, byte[]> record(String json) {
        return KafkaOutboxPublisherTest.asConsumed(
                "payment.commands", orderId.toString(), metadata, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void replaceHeader(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
