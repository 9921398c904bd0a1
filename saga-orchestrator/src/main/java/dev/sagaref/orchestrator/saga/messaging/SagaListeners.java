package dev.sagaref.orchestrator.saga.messaging;

import dev.sagaref.events.Channels;
import dev.sagaref.messaging.inbox.IdempotentConsumer;
import dev.sagaref.orchestrator.saga.OrderSagaService;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Order events start sagas; participants' replies advance them. */
@Component
class SagaListeners {

    private final IdempotentConsumer consumer;
    private final OrderSagaService sagas;

    SagaListeners(IdempotentConsumer consumer, OrderSagaService sagas) {
        this.consumer = consumer;
        this.sagas = sagas;
    }

    @KafkaListener(topics = Channels.ORDER_EVENTS)
    void onOrderEvents(List<ConsumerRecord<String, byte[]>> records) {
        consumer.consumeAll("saga-orchestrator", records, sagas::onOrderEvent);
    }

    @KafkaListener(topics = Channels.SAGA_REPLIES)
    void onReplies(List<ConsumerRecord<String, byte[]>> records) {
        consumer.consumeAll("saga-orchestrator", records, sagas::onReply);
    }
}
