package dev.sagaref.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.chaos.InboxAgreement.Evidence;
import dev.sagaref.chaos.InboxAgreement.Rule;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each service's rule accepts every path its code allows (compensations included) and refuses what it must not. */
class InboxAgreementTest {

    @Test
    void orderIsSettledByTheOneCommandItsInboxHolds() {
        Rule rule = rule("order-service");
        assertThat(agrees(rule, Set.of("ApproveOrder"), "APPROVED", "APPROVED")).isTrue();
        assertThat(agrees(rule, Set.of("RejectOrder"), "REJECTED", "REJECTED")).isTrue();
        assertThat(agrees(rule, Set.of(), "PENDING", "PENDING")).isTrue();

        assertThat(agrees(rule, Set.of(), "APPROVED", "APPROVED"))
                .as("approved without a command")
                .isFalse();
        assertThat(agrees(rule, Set.of("RejectOrder"), "APPROVED", "APPROVED")).isFalse();
        assertThat(agrees(rule, Set.of("ApproveOrder", "RejectOrder"), "REJECTED", "REJECTED"))
                .as("both verdicts applied")
                .isFalse();
    }

    @Test
    void paymentExistsExactlyWhenItsInboxHoldsAPaymentCommand() {
        Rule rule = rule("payment-service");
        assertThat(agrees(rule, Set.of("AuthorizePayment"), "AUTHORIZED", "APPROVED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("AuthorizePayment"), "DECLINED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("AuthorizePayment", "RefundPayment"), "REFUNDED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("AuthorizePayment", "RefundPayment"), "DECLINED", "REJECTED"))
                .as("a timed-out authorization that was declined, then refunded to be safe")
                .isTrue();
        assertThat(agrees(rule, Set.of("RefundPayment"), "CANCELLED", "REJECTED"))
                .as("the refund overtook the authorization")
                .isTrue();
        assertThat(agrees(rule, Set.of("AuthorizePayment", "RefundPayment"), "CANCELLED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of(), null, "REJECTED")).isTrue();

        assertThat(agrees(rule, Set.of(), "AUTHORIZED", "APPROVED"))
                .as("charged without a command")
                .isFalse();
        assertThat(agrees(rule, Set.of("AuthorizePayment"), null, "REJECTED"))
                .as("command without effect")
                .isFalse();
        assertThat(agrees(rule, Set.of("AuthorizePayment", "RefundPayment"), "AUTHORIZED", "REJECTED"))
                .as("refund applied, money kept")
                .isFalse();
        assertThat(agrees(rule, Set.of("RefundPayment"), "REFUNDED", "REJECTED"))
                .isFalse();
        assertThat(agrees(rule, Set.of("AuthorizePayment"), "CANCELLED", "REJECTED"))
                .isFalse();
        assertThat(agrees(rule, Set.of("RefundPayment"), "DECLINED", "REJECTED"))
                .as("declined, yet no authorization applied")
                .isFalse();
    }

    @Test
    void reservationExistsExactlyWhenItsInboxHoldsAStockCommand() {
        Rule rule = rule("inventory-service");
        assertThat(agrees(rule, Set.of("ReserveStock"), "RESERVED", "APPROVED")).isTrue();
        assertThat(agrees(rule, Set.of("ReserveStock"), "REJECTED", "REJECTED")).isTrue();
        assertThat(agrees(rule, Set.of("ReserveStock", "ReleaseStock"), "RELEASED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("ReserveStock", "ReleaseStock"), "REJECTED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("ReleaseStock"), "RELEASED", "REJECTED")).isTrue();
        assertThat(agrees(rule, Set.of(), null, "REJECTED")).isTrue();

        assertThat(agrees(rule, Set.of(), "RESERVED", "APPROVED"))
                .as("stock held without a command")
                .isFalse();
        assertThat(agrees(rule, Set.of("ReserveStock"), null, "APPROVED")).isFalse();
        assertThat(agrees(rule, Set.of("ReserveStock", "ReleaseStock"), "RESERVED", "REJECTED"))
                .as("release applied, stock still held")
                .isFalse();
        assertThat(agrees(rule, Set.of("ReserveStock"), "RELEASED", "REJECTED")).isFalse();
        assertThat(agrees(rule, Set.of("ReleaseStock"), "REJECTED", "REJECTED")).isFalse();
    }

    @Test
    void shipmentFollowsItsCommandsAndARefusedOneLeavesNone() {
        Rule rule = rule("shipping-service");
        assertThat(agrees(rule, Set.of("ScheduleShipment"), "SCHEDULED", "APPROVED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("ScheduleShipment", "CancelShipment"), "CANCELLED", "REJECTED"))
                .isTrue();
        assertThat(agrees(rule, Set.of("CancelShipment"), "CANCELLED", "REJECTED"))
                .as("the cancel overtook the shipment")
                .isTrue();
        assertThat(agrees(rule, Set.of("ScheduleShipment"), null, "REJECTED"))
                .as("a country nobody ships to")
                .isTrue();
        assertThat(agrees(rule, Set.of(), null, "REJECTED")).isTrue();

        assertThat(agrees(rule, Set.of(), "SCHEDULED", "APPROVED"))
                .as("shipped without a command")
                .isFalse();
        assertThat(agrees(rule, Set.of("ScheduleShipment"), null, "APPROVED"))
                .as("approved, yet its shipment command left nothing")
                .isFalse();
        assertThat(agrees(rule, Set.of("ScheduleShipment", "CancelShipment"), "SCHEDULED", "REJECTED"))
                .as("cancel applied, shipment still live")
                .isFalse();
        assertThat(agrees(rule, Set.of("CancelShipment"), null, "REJECTED")).isFalse();
        assertThat(agrees(rule, Set.of("ScheduleShipment"), "CANCELLED", "REJECTED"))
                .isFalse();
    }

    @Test
    void sagaExistsExactlyWhenItsInboxHoldsTheOrderCreated() {
        Rule rule = rule("saga-orchestrator");
        assertThat(agrees(rule, Set.of("OrderCreated", "PaymentAuthorized"), "COMPLETED", "APPROVED"))
                .isTrue();
        assertThat(agrees(rule, Set.of(), null, "PENDING")).isTrue();

        assertThat(agrees(rule, Set.of("PaymentAuthorized"), "COMPLETED", "APPROVED"))
                .isFalse();
        assertThat(agrees(rule, Set.of("OrderCreated"), null, "PENDING")).isFalse();
    }

    private static boolean agrees(Rule rule, Set<String> applied, String row, String orderStatus) {
        return rule.agrees().test(new Evidence(applied, row, orderStatus));
    }

    private static Rule rule(String module) {
        return InboxAgreement.RULES.stream()
                .filter(r -> r.module().equals(module))
                .findFirst()
                .orElseThrow();
    }
}
