package dev.sagaref.events.shipping;

import java.util.UUID;

public record ShipmentScheduled(UUID orderId, UUID shipmentId, String trackingNumber) implements ShippingReply {}
