package dev.sagaref.events.inventory;

import java.util.UUID;

public record StockReserved(UUID orderId) implements InventoryReply {}
