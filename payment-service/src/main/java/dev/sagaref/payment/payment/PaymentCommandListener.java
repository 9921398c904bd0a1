package dev.sagaref.payment.payment;

import dev.sagaref.events.Channels;
import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.messaging.participant.CommandHandlers;
import dev.sagaref.messaging.participant.SagaParticipant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Payment commands: {@link Payments} decides, the reply goes to the saga. */
@Component
class PaymentCommandListener {

    private final SagaParticipant participant;
    private final CommandHandlers handlers;

    PaymentCommandListener(SagaParticipant participant, Payments payments) {
        this.participant = participant;
        this.handlers = CommandHandlers.of("payment-service")
                .on(AuthorizePayment.class, payments::authorize)
                .on(RefundPayment.class, payments::refund);
    }

    @KafkaListener(topics = Channels.PAYMENT_COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        participant.answer(records, handlers);
    }
}
