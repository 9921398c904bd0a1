package dev.sagaref.events.shipping;

import java.util.UUID;

/** @param reason e.g. {@code UNSUPPORTED_DESTINATION} */
public record ShipmentRejected(UUID orderId, String reason) implements ShippingReply {}
