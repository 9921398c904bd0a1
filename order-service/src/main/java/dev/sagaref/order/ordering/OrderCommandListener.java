package dev.sagaref.order.ordering;

import dev.sagaref.events.Channels;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.order.RejectOrder;
import dev.sagaref.messaging.participant.CommandHandlers;
import dev.sagaref.messaging.participant.SagaParticipant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The saga's verdict on an order: {@link OrderService} applies it, the reply goes to the saga. */
@Component
class OrderCommandListener {

    private final SagaParticipant participant;
    private final CommandHandlers handlers;

    OrderCommandListener(SagaParticipant participant, OrderService orders) {
        this.participant = participant;
        this.handlers = CommandHandlers.of("order-service")
                .on(ApproveOrder.class, approve -> orders.approve(approve.orderId()))
                .on(RejectOrder.class, reject -> orders.reject(reject.orderId(), reject.reason()));
    }

    @KafkaListener(topics = Channels.ORDER_COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        participant.answer(records, handlers);
    }
}
