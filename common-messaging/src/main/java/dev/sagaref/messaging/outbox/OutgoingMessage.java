package dev.sagaref.messaging.outbox;

import dev.sagaref.events.Channels;
import dev.sagaref.events.MessageMetadata;
import java.util.Objects;
import java.util.UUID;

/**
 * A message a service wants to send, before it gets an id. Build with {@link #to(String, UUID, Object)}, then say
 * which saga it belongs to and which message caused it.
 *
 * @param topic destination topic
 * @param orderId the correlation id and Kafka key: all messages of one order land on one partition, in order
 * @param sagaId the saga, if there is one yet
 * @param cause the message whose handling sends this one, if any
 * @param initiatedBy who started what this message is part of; null: the cause's ({@link MessageMetadata})
 * @param payload a record registered in {@link dev.sagaref.events.MessageCatalog}
 */
public record OutgoingMessage(
        String topic, UUID orderId, UUID sagaId, MessageMetadata cause, String initiatedBy, Object payload) {

    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(payload, "payload");
    }

    public static OutgoingMessage to(String topic, UUID orderId, Object payload) {
        return new OutgoingMessage(topic, orderId, null, null, null, payload);
    }

    /** A participant's reply to a saga command: to the reply topic, same order, same saga, caused by the command. */
    public static OutgoingMessage replyTo(MessageMetadata command, Object reply) {
        return to(Channels.SAGA_REPLIES, command.correlationId(), reply).causedBy(command);
    }

    public OutgoingMessage inSaga(UUID sagaId) {
        return new OutgoingMessage(topic, orderId, sagaId, cause, initiatedBy, payload);
    }

    /** Names who started what this message is part of, e.g. the customer who placed the order. */
    public OutgoingMessage initiatedBy(String who) {
        return new OutgoingMessage(topic, orderId, sagaId, cause, who, payload);
    }

    /** Marks this message as a consequence of {@code cause}; it inherits the cause's saga unless one is set. */
    public OutgoingMessage causedBy(MessageMetadata cause) {
        UUID saga = sagaId != null ? sagaId : cause.sagaId();
        return new OutgoingMessage(topic, orderId, saga, cause, initiatedBy, payload);
    }
}
