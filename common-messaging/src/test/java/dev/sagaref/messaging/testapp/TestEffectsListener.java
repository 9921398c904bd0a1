package dev.sagaref.messaging.testapp;

import dev.sagaref.messaging.inbox.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A thin listener exactly as services write them. Only on in tests that ask for it (child JVMs never consume). */
@Component
@ConditionalOnProperty("test.listener.topic")
public class TestEffectsListener {

    public static final String CONSUMER = "test-effects";

    private final IdempotentConsumer consumer;
    private final TestEffects effects;

    public TestEffectsListener(IdempotentConsumer consumer, TestEffects effects) {
        this.consumer = consumer;
        this.effects = effects;
    }

    @KafkaListener(topics = "${test.listener.topic}", groupId = "test-effects")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.consumeAll(CONSUMER, records, effects::apply);
    }
}
