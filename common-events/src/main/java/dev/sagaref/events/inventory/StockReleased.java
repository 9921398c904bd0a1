package dev.sagaref.events.inventory;

import java.util.UUID;

public record StockReleased(UUID orderId) implements InventoryReply {}
