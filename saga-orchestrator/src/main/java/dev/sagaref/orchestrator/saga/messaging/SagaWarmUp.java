package dev.sagaref.orchestrator.saga.messaging;

import dev.sagaref.events.Channels;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.order.OrderApproved;
import dev.sagaref.events.order.OrderCreated;
import dev.sagaref.events.order.OrderRejected;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.events.payment.PaymentDeclined;
import dev.sagaref.events.shipping.ShipmentScheduled;
import dev.sagaref.messaging.warmup.ListenerWarmUp;
import dev.sagaref.messaging.warmup.ServiceWarmUp;
import dev.sagaref.orchestrator.saga.OrderSagaService;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Two sagas for made-up orders, through the listeners before the service reports ready: one approved step by step,
 * one rejected after a declined payment. All of it rolled back ({@link ListenerWarmUp}).
 */
@Component
class SagaWarmUp implements ServiceWarmUp {

    private final OrderSagaService sagas;

    SagaWarmUp(OrderSagaService sagas) {
        this.sagas = sagas;
    }

    @Override
    public void run(SampleMessages messages) {
        UUID approved = UUID.randomUUID();
        UUID saga = start(messages, approved);
        messages.deliver(Channels.SAGA_REPLIES, approved, saga, new PaymentAuthorized(approved, 1));
        messages.deliver(Channels.SAGA_REPLIES, approved, saga, new StockReserved(approved));
        messages.deliver(
                Channels.SAGA_REPLIES, approved, saga, new ShipmentScheduled(approved, UUID.randomUUID(), "WARM-UP"));
        messages.deliver(Channels.SAGA_REPLIES, approved, saga, new OrderApproved(approved));

        UUID rejected = UUID.randomUUID();
        UUID declinedSaga = start(messages, rejected);
        messages.deliver(Channels.SAGA_REPLIES, rejected, declinedSaga, new PaymentDeclined(rejected, "WARM_UP"));
        messages.deliver(Channels.SAGA_REPLIES, rejected, declinedSaga, new OrderRejected(rejected, "WARM_UP"));
    }

    /** Starts the order's saga as an OrderCreated would; returns its id, which the replies name. */
    private UUID start(SampleMessages messages, UUID order) {
        String customer = ListenerWarmUp.INITIATED_BY;
        messages.deliver(
                Channels.ORDER_EVENTS,
                order,
                null,
                new OrderCreated(
                        order,
                        customer,
                        List.of(new OrderLine(customer, 1, 1)),
                        1,
                        new ShippingAddress(customer, "1 Sample Street", "Sample", "0000", "DE")));
        return sagas.findByOrderId(order).orElseThrow().id();
    }
}
