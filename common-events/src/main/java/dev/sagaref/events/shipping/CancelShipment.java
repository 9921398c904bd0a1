package dev.sagaref.events.shipping;

import java.util.UUID;

/** Undo {@link ScheduleShipment}; a no-op (that still replies) if nothing was scheduled. */
public record CancelShipment(UUID orderId) {}
