package dev.sagaref.shipping.shipment;

import dev.sagaref.events.Channels;
import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.messaging.participant.CommandHandlers;
import dev.sagaref.messaging.participant.SagaParticipant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Shipping commands: {@link Shipments} decides, the reply goes to the saga. */
@Component
class ShippingCommandListener {

    private final SagaParticipant participant;
    private final CommandHandlers handlers;

    ShippingCommandListener(SagaParticipant participant, Shipments shipments) {
        this.participant = participant;
        this.handlers = CommandHandlers.of("shipping-service")
                .on(ScheduleShipment.class, shipments::schedule)
                .on(CancelShipment.class, shipments::cancel);
    }

    @KafkaListener(topics = Channels.SHIPPING_COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        participant.answer(records, handlers);
    }
}
