package dev.sagaref.chaos;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "No message applied twice", seen from both sides. Every service drops a repeated message twice over: by its id in
 * the inbox, and by the order's business key (one payment, reservation, shipment or saga per order), which is what
 * catches a resend, since the orchestrator gives every resend a new message id. So what a service's inbox says it
 * applied and what its rows show must agree, order by order. A row no inbox entry explains was written by something
 * other than a delivered command; an inbox entry without its row was recorded without its effect.
 */
final class InboxAgreement {

    /**
     * What is known about one order in one service.
     *
     * @param applied the message types the service's inbox holds for the order (each once, however often resent)
     * @param row the status of the service's row for the order, or null when it has none
     * @param orderStatus the order's status in order-service once every saga ended
     */
    record Evidence(Set<String> applied, String row, String orderStatus) {

        boolean has(String type) {
            return applied.contains(type);
        }

        boolean hasRow() {
            return row != null;
        }

        boolean rowIs(String status) {
            return status.equals(row);
        }
    }

    /**
     * How one service's inbox and rows relate.
     *
     * @param rows a query giving each order's row status in the service's database: order id, then status
     * @param agrees the rule; the compensation paths it allows are named in {@code description}
     */
    record Rule(String module, String description, String rows, Predicate<Evidence> agrees) {}

    static final List<Rule> RULES = List.of(
            new Rule(
                    "order-service",
                    "an order is APPROVED exactly when its inbox holds ApproveOrder alone, REJECTED exactly when it"
                            + " holds RejectOrder alone",
                    "SELECT id, status FROM orders",
                    e -> e.applied().equals(verdictFor(e.row()))),
            new Rule(
                    "payment-service",
                    "a payment exactly for the orders whose inbox holds AuthorizePayment or RefundPayment; never still"
                            + " AUTHORIZED after a refund, REFUNDED only after both, DECLINED only by an"
                            + " authorization, CANCELLED only by a refund",
                    "SELECT order_id, status FROM payments",
                    e -> e.hasRow() == (e.has("AuthorizePayment") || e.has("RefundPayment"))
                            && !(e.rowIs("AUTHORIZED") && e.has("RefundPayment"))
                            && (!e.rowIs("REFUNDED") || e.has("AuthorizePayment") && e.has("RefundPayment"))
                            && (!e.rowIs("DECLINED") || e.has("AuthorizePayment"))
                            && (!e.rowIs("CANCELLED") || e.has("RefundPayment"))),
            new Rule(
                    "inventory-service",
                    "a reservation exactly for the orders whose inbox holds ReserveStock or ReleaseStock; RESERVED only"
                            + " without a release, RELEASED only by one, REJECTED only by a reservation",
                    "SELECT order_id, status FROM reservations",
                    e -> e.hasRow() == (e.has("ReserveStock") || e.has("ReleaseStock"))
                            && (!e.rowIs("RESERVED") || e.has("ReserveStock") && !e.has("ReleaseStock"))
                            && (!e.rowIs("RELEASED") || e.has("ReleaseStock"))
                            && (!e.rowIs("REJECTED") || e.has("ReserveStock"))),
            new Rule(
                    "shipping-service",
                    "a shipment is CANCELLED exactly when the inbox holds CancelShipment, SCHEDULED only by"
                            + " ScheduleShipment without a cancel; a ScheduleShipment that left no shipment was refused,"
                            + " so its order is REJECTED",
                    "SELECT order_id, status FROM shipments",
                    e -> e.rowIs("CANCELLED") == e.has("CancelShipment")
                            && (!e.rowIs("SCHEDULED") || e.has("ScheduleShipment") && !e.has("CancelShipment"))
                            && (e.hasRow() || !e.has("ScheduleShipment") || "REJECTED".equals(e.orderStatus()))),
            new Rule(
                    "saga-orchestrator",
                    "a saga exactly for the orders whose inbox holds OrderCreated",
                    "SELECT order_id, status FROM sagas",
                    e -> e.hasRow() == e.has("OrderCreated")));

    private InboxAgreement() {}

    /** The command that settles an order in this status; none for an order still pending. */
    private static Set<String> verdictFor(String orderStatus) {
        return switch (orderStatus == null ? "" : orderStatus) {
            case "APPROVED" -> Set.of("ApproveOrder");
            case "REJECTED" -> Set.of("RejectOrder");
            default -> Set.of();
        };
    }
}
