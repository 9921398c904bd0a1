package dev.sagaref.events.inventory;

import java.util.UUID;

public sealed interface InventoryReply permits StockReserved, StockUnavailable, StockReleased {
    UUID orderId();
}
