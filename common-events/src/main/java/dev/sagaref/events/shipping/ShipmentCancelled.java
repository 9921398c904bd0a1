package dev.sagaref.events.shipping;

import java.util.UUID;

public record ShipmentCancelled(UUID orderId) implements ShippingReply {}
