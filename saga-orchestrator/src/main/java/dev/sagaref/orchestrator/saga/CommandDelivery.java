package dev.sagaref.orchestrator.saga;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Tells a command that can have been lost from one that is merely waiting. Commands leave through the outbox and
 * stay in Kafka until read, so a command is worth resending only once its participant has read past it and no reply
 * to it waits unread; anything else is a participant or an orchestrator that is behind, and a resend would only add
 * to its work.
 */
public interface CommandDelivery {

    /** A saga's unanswered command: the topic it went to and the order it is keyed by. */
    record AwaitedCommand(String channel, UUID orderId) {}

    /** The orders among {@code awaited} whose command can have been lost; none when that cannot be told. */
    Set<UUID> possiblyLost(Collection<AwaitedCommand> awaited);
}
