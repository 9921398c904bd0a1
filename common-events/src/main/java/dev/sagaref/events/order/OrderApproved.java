package dev.sagaref.events.order;

import java.util.UUID;

public record OrderApproved(UUID orderId) implements OrderReply {}
