package dev.sagaref.messaging.participant;

import dev.sagaref.messaging.inbox.IdempotentConsumer;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
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

    public void answer(ConsumerRecord<String, byte[]> record, CommandHandlers handlers) {
        consumer.consume(
                handlers.participant(),
                record,
                command -> outbox.send(OutgoingMessage.replyTo(command.metadata(), handlers.reply(command))));
    }
}
