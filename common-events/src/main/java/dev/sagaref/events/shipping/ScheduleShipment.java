package dev.sagaref.events.shipping;

import dev.sagaref.events.ShippingAddress;
import java.util.UUID;

public record ScheduleShipment(UUID orderId, ShippingAddress address) {}
