package dev.sagaref.events.order;

import java.util.UUID;

public record OrderRejected(UUID orderId, String reason) implements OrderReply {}
