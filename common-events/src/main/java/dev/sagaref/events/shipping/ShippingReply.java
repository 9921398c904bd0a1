package dev.sagaref.events.shipping;

import java.util.UUID;

public sealed interface ShippingReply permits ShipmentScheduled, ShipmentRejected, ShipmentCancelled {
    UUID orderId();
}
