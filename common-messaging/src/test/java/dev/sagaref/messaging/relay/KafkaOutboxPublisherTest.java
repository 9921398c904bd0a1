package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.MessageMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

public class KafkaOutboxPublisherTest {

    @Test
    void keyIsTheOrderAndAbsentMetadataIsLeftOutNotSentBlank() {
        UUID orderId = UUID.randomUUID();
        MessageMetadata metadata = new MessageMetadata(
                UUID.randomUUID(), "OrderCreated", 1, null, orderId, null, null, null, Instant.now());

        ProducerRecord<String, byte[]> record = KafkaOutboxPublisher.toProducerRecord(
                new OutboxRecord("order.events", orderId.toString(), metadata, "{}"), null);

        assertThat(record.key()).isEqualTo(orderId.toString());
        assertThat(record.headers().lastHeader(MessageHeaders.SAGA_ID)).isNull();
        assertThat(record.headers().lastHeader(MessageHeaders.CAUSATION_ID)).isNull();
        assertThat(record.headers().lastHeader(MessageHeaders.INITIATED_BY)).isNull();
        assertThat(record.headers().lastHeader(MessageHeaders.TRACEPARENT)).isNull();
        assertThat(new String(
                        record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE).value()))
                .isEqualTo("OrderCreated");
    }

    /** A record as a consumer would receive it from the relay; shared with the reader's tests. */
    public static ConsumerRecord<String, byte[]> asConsumed(
            String topic, String key, MessageMetadata metadata, byte[] payload) {
        ProducerRecord<String, byte[]> produced = KafkaOutboxPublisher.toProducerRecord(
                new OutboxRecord(topic, key, metadata, new String(payload, StandardCharsets.UTF_8)),
                metadata.traceparent());
        return new ConsumerRecord<>(
                topic,
                0,
                0,
                0L,
                TimestampType.CREATE_TIME,
                0,
                payload.length,
                key,
                payload,
                produced.headers(),
                Optional.empty());
    }
}
