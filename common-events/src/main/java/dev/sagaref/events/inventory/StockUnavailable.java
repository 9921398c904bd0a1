package dev.sagaref.events.inventory;

import java.util.List;
import java.util.UUID;

/** @param unavailableSkus the lines that could not be reserved */
public record StockUnavailable(UUID orderId, List<String> unavailableSkus) implements InventoryReply {}
