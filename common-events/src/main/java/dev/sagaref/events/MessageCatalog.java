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
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message type the system exchanges. A reader looks the {@code message_type} header up here; a name that is
 * not listed is a poison message. Bump a type's schema version only together with a new golden file.
 */
public final class MessageCatalog {

    private static final List<MessageType> TYPES = List.of(
            v1(OrderCreated.class),
            v1(ApproveOrder.class),
            v1(RejectOrder.class),
            v1(OrderApproved.class),
            v1(OrderRejected.class),
            v1(AuthorizePayment.class),
            v1(RefundPayment.class),
            v1(PaymentAuthorized.class),
            v1(PaymentDeclined.class),
            v1(PaymentRefunded.class),
            v1(ReserveStock.class),
            v1(ReleaseStock.class),
            v1(StockReserved.class),
            v1(StockUnavailable.class),
            v1(StockReleased.class),
            v1(ScheduleShipment.class),
            v1(CancelShipment.class),
            v1(ShipmentScheduled.class),
            v1(ShipmentRejected.class),
            v1(ShipmentCancelled.class));

    private static final Map<String, MessageType> BY_NAME =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(MessageType::name, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_CLASS =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(MessageType::payloadClass, Function.identity()));

    private MessageCatalog() {}

    public static List<MessageType> all() {
        return TYPES;
    }

    public static Optional<MessageType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The type of a payload class; throws for a class that is not a registered message. */
    public static MessageType of(Class<?> payloadClass) {
        MessageType type = BY_CLASS.get(payloadClass);
        if (type == null) {
            throw new IllegalArgumentException(payloadClass.getName() + " is not registered in MessageCatalog");
        }
        return type;
    }

    /** Wire names are the simple class name: short, readable in Kafka UI, and unique across participants. */
    private static MessageType v1(Class<?> payloadClass) {
        return new MessageType(payloadClass.getSimpleName(), 1, payloadClass);
    }
}
