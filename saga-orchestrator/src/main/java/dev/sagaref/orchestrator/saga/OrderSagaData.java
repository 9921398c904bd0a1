package dev.sagaref.orchestrator.saga;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.order.OrderCreated;
import java.util.List;
import java.util.UUID;

/** What the order saga needs to know about its order, copied from {@link OrderCreated} when the saga starts. */
public record OrderSagaData(
        UUID orderId, String customerId, List<OrderLine> items, long total, ShippingAddress shippingAddress) {

    public static OrderSagaData from(OrderCreated event) {
        return new OrderSagaData(
                event.orderId(), event.customerId(), event.items(), event.total(), event.shippingAddress());
    }
}
