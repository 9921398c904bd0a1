package dev.sagaref.events.order;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import java.util.List;
import java.util.UUID;

/** An order was placed and waits for its saga. {@code total} is in minor units. */
public record OrderCreated(
        UUID orderId, String customerId, List<OrderLine> items, long total, ShippingAddress shippingAddress) {}
