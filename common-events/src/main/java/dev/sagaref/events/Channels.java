package dev.sagaref.events;

import java.util.List;

/**
 * Kafka topics. Every message is keyed by order id, so all messages of one saga share a partition and keep their
 * order. Commands go to the participant that owns them; every participant replies on one topic the orchestrator
 * reads.
 */
public final class Channels {

    public static final String ORDER_EVENTS = "order.events";
    public static final String ORDER_COMMANDS = "order.commands";
    public static final String PAYMENT_COMMANDS = "payment.commands";
    public static final String INVENTORY_COMMANDS = "inventory.commands";
    public static final String SHIPPING_COMMANDS = "shipping.commands";
    public static final String SAGA_REPLIES = "saga.replies";

    /** Every topic a saga's messages travel on. */
    public static final List<String> ALL = List.of(
            ORDER_EVENTS, ORDER_COMMANDS, PAYMENT_COMMANDS, INVENTORY_COMMANDS, SHIPPING_COMMANDS, SAGA_REPLIES);

    private Channels() {}
}
