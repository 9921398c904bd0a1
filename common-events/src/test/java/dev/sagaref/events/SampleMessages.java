package dev.sagaref.events;

import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.events.inventory.StockReleased;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.inventory.StockUnavailable;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.order.OrderApproved;
import dev.sagaref.events.order.OrderCreated;
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
import java.util.List;
import java.util.UUID;

/** One fixed instance of every message type; its JSON must equal the golden file of the same name. */
final class SampleMessages {

    static final UUID ORDER = UUID.fromString("3f1c2a9e-7b4d-4e21-9a55-0c6d2e8f1a10");
    static final UUID SHIPMENT = UUID.fromString("9b7e4d21-0a3c-4f68-b1d2-5e6f7a8b9c0d");
    static final List<OrderLine> LINES = List.of(new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 499));
    static final ShippingAddress ADDRESS =
            new ShippingAddress("Ada Lovelace", "12 St James's Square", "London", "SW1Y 4JH", "GB");

    static final List<Object> ALL = List.of(
            new OrderCreated(ORDER, "customer-42", LINES, 2999, ADDRESS),
            new ApproveOrder(ORDER),
            new RejectOrder(ORDER, "INSUFFICIENT_FUNDS"),
            new OrderApproved(ORDER),
            new OrderRejected(ORDER, "INSUFFICIENT_FUNDS"),
            new AuthorizePayment(ORDER, "customer-42", 2999),
            new RefundPayment(ORDER, "customer-42", 2999),
            new PaymentAuthorized(ORDER, 2999),
            new PaymentDeclined(ORDER, "INSUFFICIENT_FUNDS"),
            new PaymentRefunded(ORDER, 2999),
            new ReserveStock(ORDER, LINES),
            new ReleaseStock(ORDER),
            new StockReserved(ORDER),
            new StockUnavailable(ORDER, List.of("SKU-2")),
            new StockReleased(ORDER),
            new ScheduleShipment(ORDER, ADDRESS),
            new CancelShipment(ORDER),
            new ShipmentScheduled(ORDER, SHIPMENT, "TRK-0001"),
            new ShipmentRejected(ORDER, "UNSUPPORTED_DESTINATION"),
            new ShipmentCancelled(ORDER));

    private SampleMessages() {}
}
