package dev.sagaref.order.ordering;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it. */
public record OrderView(
        UUID id,
        String customerId,
        List<OrderLine> items,
        long total,
        Order.Status status,
        String rejectionReason,
        ShippingAddress shippingAddress,
        Instant createdAt) {

    static OrderView of(Order order) {
        return new OrderView(
                order.id(),
                order.customerId(),
                order.lines(),
                order.total(),
                order.status(),
                order.rejectionReason(),
                order.shippingAddress(),
                order.createdAt());
    }
}
