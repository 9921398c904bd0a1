package dev.sagaref.messaging.inbox;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MalformedMessageException;
import dev.sagaref.events.MessageCatalog;
import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into an {@link InboundMessage}. Anything that can never be processed as it is (missing or
 * invalid headers, unknown type, unparseable payload) throws {@link MalformedMessageException}, which the error
 * handler sends straight to the dead-letter topic without retrying.
 */
public final class InboundMessageReader {

    private InboundMessageReader() {}

    public static InboundMessage read(ConsumerRecord<String, byte[]> record) {
        String typeName = required(record, MessageHeaders.MESSAGE_TYPE, Function.identity());
        MessageType type = MessageCatalog.byName(typeName)
                .orElseThrow(() -> new MalformedMessageException("Unknown message type '" + typeName + "'"));
        MessageMetadata metadata;
        try {
            metadata = new MessageMetadata(
                    required(record, MessageHeaders.MESSAGE_ID, UUID::fromString),
                    typeName,
                    required(record, MessageHeaders.SCHEMA_VERSION, Integer::valueOf),
                    optional(record, MessageHeaders.SAGA_ID, UUID::fromString),
                    required(record, MessageHeaders.CORRELATION_ID, UUID::fromString),
                    optional(record, MessageHeaders.CAUSATION_ID, UUID::fromString),
                    optional(record, MessageHeaders.INITIATED_BY, Function.identity()),
                    optional(record, MessageHeaders.TRACEPARENT, Function.identity()),
                    required(record, MessageHeaders.CREATED_AT, Instant::parse));
        } catch (IllegalArgumentException invalid) { // headers that parse but break a rule, e.g. schema version 0
            throw new MalformedMessageException("Invalid headers: " + invalid.getMessage(), invalid);
        }
        if (metadata.schemaVersion() > type.schemaVersion()) {
            throw new MalformedMessageException("Message type " + typeName + " has schema version "
                    + metadata.schemaVersion() + ", this service reads up to " + type.schemaVersion());
        }
        if (record.value() == null) {
            throw new MalformedMessageException("Message " + metadata.messageId() + " has no payload");
        }
        Object payload = JsonCodec.read(record.value(), type.payloadClass());
        return new InboundMessage(record.topic(), metadata, payload);
    }

    private static <T> T required(ConsumerRecord<String, byte[]> record, String name, Function<String, T> parser) {
        T value = optional(record, name, parser);
        if (value == null) {
            throw new MalformedMessageException("Header '" + name + "' is missing");
        }
        return value;
    }

    private static <T> T optional(ConsumerRecord<String, byte[]> record, String name, Function<String, T> parser) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = new String(header.value(), StandardCharsets.UTF_8);
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("Header '" + name + "' has an invalid value '" + text + "'", e);
        }
    }
}
