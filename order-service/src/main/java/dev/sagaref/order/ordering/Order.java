package dev.sagaref.order.ordering;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it. */
public record Order(
        UUID id,
        String customerId,
        List<OrderLine> items,
        long total,
        Status status,
        String rejectionReason,
        ShippingAddress shippingAddress,
        Instant createdAt) {

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED
    }
}
