package dev.sagaref.order.ordering;

import dev.sagaref.events.Channels;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.order.RejectOrder;
import dev.sagaref.messaging.warmup.ListenerWarmUp;
import dev.sagaref.messaging.warmup.ServiceWarmUp;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Two orders placed for the purpose, one approved and one rejected through the command listener, before the service
 * reports ready; all of it rolled back ({@link ListenerWarmUp}).
 */
@Component
class OrderWarmUp implements ServiceWarmUp {

    private final OrderService orders;

    OrderWarmUp(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public void run(SampleMessages messages) {
        UUID approved = place();
        messages.deliver(Channels.ORDER_COMMANDS, approved, UUID.randomUUID(), new ApproveOrder(approved));
        UUID rejected = place();
        messages.deliver(Channels.ORDER_COMMANDS, rejected, UUID.randomUUID(), new RejectOrder(rejected, "WARM_UP"));
    }

    private UUID place() {
        String customer = ListenerWarmUp.INITIATED_BY;
        PlaceOrderRequest request = new PlaceOrderRequest(
                customer,
                List.of(new PlaceOrderRequest.Item(customer, 1, 1L)),
                new PlaceOrderRequest.Address(customer, "1 Sample Street", "Sample", "0000", "DE"));
        return orders.place(request, null, customer).order().id();
    }
}
