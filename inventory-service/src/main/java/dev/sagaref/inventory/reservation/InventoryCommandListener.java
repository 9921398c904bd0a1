package dev.sagaref.inventory.reservation;

import dev.sagaref.events.Channels;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.messaging.participant.CommandHandlers;
import dev.sagaref.messaging.participant.SagaParticipant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Inventory commands: {@link Reservations} decides, the reply goes to the saga. */
@Component
class InventoryCommandListener {

    private final SagaParticipant participant;
    private final CommandHandlers handlers;

    InventoryCommandListener(SagaParticipant participant, Reservations reservations) {
        this.participant = participant;
        this.handlers = CommandHandlers.of("inventory-service")
                .on(ReserveStock.class, reservations::reserve)
                .on(ReleaseStock.class, reservations::release);
    }

    @KafkaListener(topics = Channels.INVENTORY_COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        participant.answer(records, handlers);
    }
}
