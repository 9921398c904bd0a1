package dev.sagaref.orchestrator.saga;

import static dev.sagaref.orchestrator.saga.SagaDefinition.failed;
import static dev.sagaref.orchestrator.saga.SagaDefinition.succeeded;

import dev.sagaref.events.Channels;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.events.inventory.StockReleased;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.inventory.StockUnavailable;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.order.OrderApproved;
import dev.sagaref.events.order.OrderRejected;
import dev.sagaref.events.order.RejectOrder;
import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.events.payment.PaymentDeclined;
import dev.sagaref.events.payment.PaymentRefunded;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.events.shipping.ShipmentCancelled;
import dev.sagaref.events.shipping.ShipmentRejected;
import dev.sagaref.events.shipping.ShipmentScheduled;

/**
 * The order saga, top to bottom. A failure compensates every earlier step in reverse and then rejects the order; a
 * step that times out is compensated too, as if it had taken effect. ApproveOrder is the point of no return: it has
 * no compensation and is retried until order-service answers.
 */
public final class OrderSaga {

    public static final SagaDefinition DEFINITION = SagaDefinition.builder()
            .step("AuthorizePayment")
            .invoke(Channels.PAYMENT_COMMANDS, o -> new AuthorizePayment(o.orderId(), o.customerId(), o.total()))
            .onReply(PaymentAuthorized.class, reply -> succeeded())
            .onReply(PaymentDeclined.class, reply -> failed(reply.reason()))
            .withCompensation(o -> new RefundPayment(o.orderId(), o.customerId(), o.total()), PaymentRefunded.class)
            .step("ReserveStock")
            .invoke(Channels.INVENTORY_COMMANDS, o -> new ReserveStock(o.orderId(), o.items()))
            .onReply(StockReserved.class, reply -> succeeded())
            .onReply(StockUnavailable.class, reply -> failed(RejectionReasons.OUT_OF_STOCK))
            .withCompensation(o -> new ReleaseStock(o.orderId()), StockReleased.class)
            .step("ScheduleShipment")
            .invoke(Channels.SHIPPING_COMMANDS, o -> new ScheduleShipment(o.orderId(), o.shippingAddress()))
            .onReply(ShipmentScheduled.class, reply -> succeeded())
            .onReply(ShipmentRejected.class, reply -> failed(reply.reason()))
            .withCompensation(o -> new CancelShipment(o.orderId()), ShipmentCancelled.class)
            .step("ApproveOrder")
            .invoke(Channels.ORDER_COMMANDS, o -> new ApproveOrder(o.orderId()))
            .onReply(OrderApproved.class, reply -> succeeded())
            .onFailure(
                    "RejectOrder",
                    Channels.ORDER_COMMANDS,
                    (o, reason) -> new RejectOrder(o.orderId(), reason),
                    OrderRejected.class);

    private OrderSaga() {}
}
