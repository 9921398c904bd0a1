package dev.sagaref.messaging.warmup;

import java.util.UUID;

/**
 * What a service runs through its own listeners before it reports ready ({@link ListenerWarmUp}): one message of each
 * kind it handles, for an order made up for the purpose. Everything the messages cause is rolled back.
 */
@FunctionalInterface
public interface ServiceWarmUp {

    void run(SampleMessages messages);

    /** Hands a message to the service's listener of a topic, as if the listener had polled it from Kafka. */
    @FunctionalInterface
    interface SampleMessages {

        /** @param sagaId the saga the message belongs to; null where a real message would carry none */
        void deliver(String topic, UUID orderId, UUID sagaId, Object payload);
    }
}
