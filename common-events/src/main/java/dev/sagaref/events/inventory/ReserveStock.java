package dev.sagaref.events.inventory;

import dev.sagaref.events.OrderLine;
import java.util.List;
import java.util.UUID;

/** Reserve every line or none. */
public record ReserveStock(UUID orderId, List<OrderLine> items) {}
