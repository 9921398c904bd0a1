package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.Channels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageWaitsTest {

    private final Map<UUID, MessageWaits.Written> messages = new LinkedHashMap<>();

    @Test
    void splitsEachMessagesTimeIntoTheRelaysAndTheListenersThatHandledIt() {
        // OrderCreated written at 0 ms, sent at 5; AuthorizePayment written at 25, sent at 35; its reply at 60, 62.
        UUID created = message(null, Channels.ORDER_EVENTS, 0, 5);
        UUID authorize = message(created, Channels.PAYMENT_COMMANDS, 25, 35);
        message(authorize, Channels.SAGA_REPLIES, 60, 62);

        Map<String, MessageWaits.Wait> waits = MessageWaits.summarise(messages, 0);

        assertThat(waits)
                .containsKeys(
                        "relay to order.events",
                        "relay to payment.commands",
                        "relay to saga.replies",
                        "saga-orchestrator on order.events",
                        "payment-service on payment.commands")
                .doesNotContainKey("saga-orchestrator on saga.replies"); // the reply caused nothing read here
        assertThat(waits.get("relay to payment.commands").p50Millis()).isEqualTo(10.0);
        assertThat(waits.get("saga-orchestrator on order.events").p50Millis()).isEqualTo(20.0);
        assertThat(waits.get("payment-service on payment.commands").p50Millis()).isEqualTo(25.0);
    }

    @Test
    void aMessageThatCausedSeveralIsHandledWhenTheFirstOfThemWasWritten() {
        UUID command = message(null, Channels.INVENTORY_COMMANDS, 0, 10);
        message(command, Channels.SAGA_REPLIES, 40, 41);
        message(command, Channels.SAGA_REPLIES, 30, 31);

        assertThat(MessageWaits.summarise(messages, 0).get("inventory-service on inventory.commands"))
                .isEqualTo(new MessageWaits.Wait(1, 20.0, 20.0, 20.0));
    }

    @Test
    void leavesOutWhatWasWrittenBeforeTheRunAndKafkasMillisecondRounding() {
        UUID warmUp = message(null, Channels.ORDER_EVENTS, 0, 1);
        message(warmUp, Channels.PAYMENT_COMMANDS, 100, 100);
        // Sent in the same millisecond it was written, Kafka's whole-millisecond stamp falls 0.4 ms before.
        messages.put(UUID.randomUUID(), new MessageWaits.Written(Channels.SHIPPING_COMMANDS, null, 200_400, 200_000));

        Map<String, MessageWaits.Wait> waits = MessageWaits.summarise(messages, 50_000);

        assertThat(waits).containsOnlyKeys("relay to payment.commands", "relay to shipping.commands");
        assertThat(waits.get("relay to shipping.commands").p50Millis()).isZero();
    }

    @Test
    void namesTheServiceThatReadsEachTopic() {
        assertThat(MessageWaits.listenerOf(Channels.SAGA_REPLIES)).isEqualTo("saga-orchestrator");
        assertThat(MessageWaits.listenerOf(Channels.ORDER_EVENTS)).isEqualTo("saga-orchestrator");
        assertThat(MessageWaits.listenerOf(Channels.ORDER_COMMANDS)).isEqualTo("order-service");
        assertThat(MessageWaits.listenerOf(Channels.SHIPPING_COMMANDS)).isEqualTo("shipping-service");
    }

    private UUID message(UUID cause, String topic, long writtenMillis, long sentMillis) {
        UUID id = UUID.randomUUID();
        messages.put(id, new MessageWaits.Written(topic, cause, writtenMillis * 1_000, sentMillis * 1_000));
        return id;
    }
}
