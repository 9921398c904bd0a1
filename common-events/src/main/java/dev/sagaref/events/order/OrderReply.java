package dev.sagaref.events.order;

import java.util.UUID;

/** What order-service answers to {@link ApproveOrder} and {@link RejectOrder}. */
public sealed interface OrderReply permits OrderApproved, OrderRejected {
    UUID orderId();
}
