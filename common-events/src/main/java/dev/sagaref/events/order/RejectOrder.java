package dev.sagaref.events.order;

import java.util.UUID;

/** @param reason why the saga gave up, e.g. {@code INSUFFICIENT_FUNDS} */
public record RejectOrder(UUID orderId, String reason) {}
