package dev.sagaref.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every message carries besides its payload. Travels as Kafka headers (see {@link MessageHeaders}) and is
 * stored next to the payload in the outbox row, so the relay never has to parse payloads.
 *
 * @param messageId unique per message, made when the message is written; consumers deduplicate on it
 * @param messageType stable wire name of the payload, see {@link MessageCatalog}
 * @param schemaVersion version of that payload's schema
 * @param sagaId the saga this message belongs to, null before a saga exists (e.g. {@code OrderCreated})
 * @param correlationId the order id: ties every message of one order together and is the Kafka key
 * @param causationId id of the message whose handling wrote this one, null for messages caused by a request
 * @param initiatedBy who started what this message is part of: the subject of the token that placed the order (a
 *     customer id), carried from each message to the ones it causes; null where nobody did (older messages)
 * @param traceparent W3C trace context of the code that wrote the message, null when tracing is off
 * @param createdAt when the message was written
 */
public record MessageMetadata(
        UUID messageId,
        String messageType,
        int schemaVersion,
        UUID sagaId,
        UUID correlationId,
        UUID causationId,
        String initiatedBy,
        String traceparent,
        Instant createdAt) {

    public MessageMetadata {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1 but was " + schemaVersion);
        }
    }
}
