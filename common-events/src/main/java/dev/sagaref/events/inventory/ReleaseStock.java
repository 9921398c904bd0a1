package dev.sagaref.events.inventory;

import java.util.UUID;

/** Undo {@link ReserveStock} for this order; a no-op (that still replies) if nothing was reserved. */
public record ReleaseStock(UUID orderId) {}
