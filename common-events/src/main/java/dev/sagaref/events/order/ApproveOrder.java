package dev.sagaref.events.order;

import java.util.UUID;

public record ApproveOrder(UUID orderId) {}
