package dev.sagaref.messaging.participant;

import dev.sagaref.messaging.inbox.IdempotentConsumer;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How a service takes part in a saga: it handles each command at most once (the inbox) and sends the reply to the
 * saga through its outbox, both in the transaction of the command's effect.
 */
public class SagaParticipant {

    private final IdempotentConsumer consumer;
    private final Outbox outbox;

    public SagaParticipant(IdempotentConsumer consumer, Outbox outbox) {
        this.consumer = consumer;
        this.outbox = outbox;
    }

    /** Answers the commands of one poll, in order (see {@link IdempotentConsumer#consumeAll}). */
    public void answer(List<ConsumerRecord<String, byte[]>> records, CommandHandlers handlers) {
        consumer.consumeAll(
                handlers.participant(),
                records,
                command -> outbox.send(OutgoingMessage.replyTo(command.metadata(), handlers.reply(command))));
    }
}
