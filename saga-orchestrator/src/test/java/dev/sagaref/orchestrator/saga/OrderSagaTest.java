package dev.sagaref.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.Channels;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
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
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.SagaDefinition.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order saga's paths, given / when / expect, with no broker and no database. */
class OrderSagaTest {

    private static final SagaPolicy POLICY =
            new SagaPolicy(Duration.ofSeconds(30), Duration.ofSeconds(10), 4, Duration.ofMinutes(1));
    private static final UUID ORDER = UUID.randomUUID();
    private static final ShippingAddress ADDRESS = new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE");
    private static final OrderSagaData DATA =
            new OrderSagaData(ORDER, "customer-1", List.of(new OrderLine("SKU-1", 2, 500)), 1000, ADDRESS);

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private OrderSagaInstance saga;
    private List<Command> sent;

    @Test
    void happyPathRunsEveryStepAndCompletes() {
        givenStarted();
        expectSent(Channels.PAYMENT_COMMANDS, new AuthorizePayment(ORDER, "customer-1", 1000));

        whenReply(new PaymentAuthorized(ORDER, 1000));
        expectSent(Channels.INVENTORY_COMMANDS, new ReserveStock(ORDER, DATA.items()));

        whenReply(new StockReserved(ORDER));
        expectSent(Channels.SHIPPING_COMMANDS, new ScheduleShipment(ORDER, ADDRESS));

        whenReply(new ShipmentScheduled(ORDER, UUID.randomUUID(), "TRK-1"));
        expectSent(Channels.ORDER_COMMANDS, new ApproveOrder(ORDER));

        whenReply(new OrderApproved(ORDER));
        expectNothingSent();
        assertThat(saga.status()).isEqualTo(Status.COMPLETED);
        assertThat(saga.timeline())
                .extracting(OrderSagaInstance.TimelineEntry::name, OrderSagaInstance.TimelineEntry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AuthorizePayment", "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("ReserveStock", "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("ScheduleShipment", "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("ApproveOrder", "SUCCEEDED"));
    }

    @Test
    void declinedPaymentRejectsTheOrderWithNothingToUndo() {
        givenStarted();

        whenReply(new PaymentDeclined(ORDER, "INSUFFICIENT_FUNDS"));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "INSUFFICIENT_FUNDS"));

        whenReply(new OrderRejected(ORDER, "INSUFFICIENT_FUNDS"));
        assertThat(saga.status()).isEqualTo(Status.REJECTED);
        assertThat(saga.rejectionReason()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void unavailableStockRefundsThePaymentThenRejects() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));

        whenReply(new StockUnavailable(ORDER, List.of("SKU-1")));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));

        whenReply(new PaymentRefunded(ORDER, 1000));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "OUT_OF_STOCK"));

        whenReply(new OrderRejected(ORDER, "OUT_OF_STOCK"));
        assertThat(saga.status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void rejectedShipmentReleasesStockRefundsPaymentThenRejects() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockReserved(ORDER));

        whenReply(new ShipmentRejected(ORDER, "UNSUPPORTED_DESTINATION"));
        expectSent(Channels.INVENTORY_COMMANDS, new ReleaseStock(ORDER));

        whenReply(new StockReleased(ORDER));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));

        whenReply(new PaymentRefunded(ORDER, 1000));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "UNSUPPORTED_DESTINATION"));

        whenReply(new OrderRejected(ORDER, "UNSUPPORTED_DESTINATION"));
        assertThat(saga.status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void stepWithoutReplyIsGivenUpAtItsDeadlineThenCompensatedAsIfItHadTakenEffect() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        expectSent(Channels.INVENTORY_COMMANDS, new ReserveStock(ORDER, DATA.items()));

        whenTimePasses(Duration.ofSeconds(10));
        expectNothingSent();
        whenTimePasses(Duration.ofSeconds(19));
        expectNothingSent();
        whenTimePasses(Duration.ofSeconds(1));
        expectSent(Channels.INVENTORY_COMMANDS, new ReleaseStock(ORDER));
        assertThat(saga.rejectionReason()).isEqualTo("RESERVE_STOCK_TIMEOUT");

        whenReply(new StockReleased(ORDER));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        whenReply(new PaymentRefunded(ORDER, 1000));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "RESERVE_STOCK_TIMEOUT"));
        whenReply(new OrderRejected(ORDER, "RESERVE_STOCK_TIMEOUT"));
        assertThat(saga.status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void participantThatIsMerelyBehindIsNotSentItsCommandAgain() {
        givenStarted();

        for (int check = 0; check < 2; check++) {
            whenTimePasses(Duration.ofSeconds(10));
            expectNothingSent();
        }

        assertThat(saga.attempts()).isEqualTo(1);
        assertThat(saga.timeline())
                .singleElement()
                .satisfies(step -> assertThat(step.attempts()).isEqualTo(1));
        whenReply(new PaymentAuthorized(ORDER, 1000));
        expectSent(Channels.INVENTORY_COMMANDS, new ReserveStock(ORDER, DATA.items()));
    }

    @Test
    void lostCommandIsResentWithADoublingWaitUntilTheStepIsGivenUp() {
        givenStarted();

        whenTimePassesAndCommandIsLost(Duration.ofSeconds(10));
        expectSent(Channels.PAYMENT_COMMANDS, new AuthorizePayment(ORDER, "customer-1", 1000));
        whenTimePassesAndCommandIsLost(Duration.ofSeconds(10));
        expectNothingSent();
        assertThat(saga.timeline().get(0).attempts()).isEqualTo(2);

        whenTimePassesAndCommandIsLost(Duration.ofSeconds(10));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        assertThat(saga.rejectionReason()).isEqualTo("AUTHORIZE_PAYMENT_TIMEOUT");
    }

    @Test
    void lateReplyOfAnAbandonedStepChangesNothing() {
        givenStarted();
        whenTimePasses(Duration.ofSeconds(30));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));

        whenReply(new PaymentAuthorized(ORDER, 1000));
        expectNothingSent();
        assertThat(saga.status()).isEqualTo(Status.COMPENSATING);
    }

    @Test
    void duplicateReplyIsIgnored() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new PaymentAuthorized(ORDER, 1000));
        expectNothingSent();
    }

    @Test
    void compensationThatKeepsFailingEndsInCompensationFailed() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockUnavailable(ORDER, List.of("SKU-1")));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));

        for (int resend = 1; resend < POLICY.maxCompensationAttempts(); resend++) {
            whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));
            expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        }
        whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));

        expectNothingSent();
        assertThat(saga.status()).isEqualTo(Status.COMPENSATION_FAILED);
        assertThat(saga.deadline()).isNull();
    }

    @Test
    void anOperatorRetriesAFailedCompensationAndTheSagaGoesOnFromThere() {
        givenCompensationFailedRefundingThePayment();

        sent = saga.retryCompensation("operator", now);

        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        assertThat(saga.status()).isEqualTo(Status.COMPENSATING);
        assertThat(saga.attempts()).isEqualTo(1);
        assertThat(saga.deadline()).isNotNull();
        OrderSagaInstance.TimelineEntry retry =
                saga.timeline().get(saga.timeline().size() - 1);
        assertThat(retry.status()).isEqualTo("STARTED");
        assertThat(retry.initiatedBy()).isEqualTo("operator");
        assertThat(saga.timeline().get(saga.timeline().size() - 2).status())
                .as("the failed attempt stays in the timeline")
                .isEqualTo("FAILED");
        assertThat(saga.actingFor())
                .as("the retry and its resends name the operator")
                .isEqualTo("operator");
        whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        assertThat(saga.actingFor()).isEqualTo("operator");

        whenReply(new PaymentRefunded(ORDER, 1000));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "OUT_OF_STOCK"));
        assertThat(saga.actingFor())
                .as("the saga's own steps name who started it")
                .isEqualTo("customer-1");
        whenReply(new OrderRejected(ORDER, "OUT_OF_STOCK"));
        assertThat(saga.status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void aRetriedCompensationGetsAFreshSetOfAttemptsAndCanFailAgain() {
        givenCompensationFailedRefundingThePayment();
        sent = saga.retryCompensation("operator", now);

        for (int resend = 1; resend < POLICY.maxCompensationAttempts(); resend++) {
            whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));
            expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));
        }
        whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));

        assertThat(saga.status()).isEqualTo(Status.COMPENSATION_FAILED);
    }

    @Test
    void aFailedRejectionIsRetriedAsTheRejection() {
        givenStarted();
        whenReply(new PaymentDeclined(ORDER, "INSUFFICIENT_FUNDS"));
        for (int send = 1; send <= POLICY.maxCompensationAttempts(); send++) {
            whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));
        }
        assertThat(saga.status()).isEqualTo(Status.COMPENSATION_FAILED);

        sent = saga.retryCompensation("operator", now);

        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "INSUFFICIENT_FUNDS"));
        assertThat(saga.status()).isEqualTo(Status.REJECTING);
    }

    @Test
    void onlyAFailedCompensationCanBeRetriedSoASecondClickSendsNothing() {
        givenCompensationFailedRefundingThePayment();
        saga.retryCompensation("operator", now);

        assertThatThrownBy(() -> saga.retryCompensation("operator", now))
                .isInstanceOf(OrderSagaInstance.IllegalSagaChange.class)
                .hasMessageContaining("COMPENSATING");

        givenStarted();
        assertThatThrownBy(() -> saga.retryCompensation("operator", now))
                .isInstanceOf(OrderSagaInstance.IllegalSagaChange.class)
                .hasMessageContaining("RUNNING");
    }

    private void givenCompensationFailedRefundingThePayment() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockUnavailable(ORDER, List.of("SKU-1")));
        for (int send = 1; send <= POLICY.maxCompensationAttempts(); send++) {
            whenTimePassesAndCommandIsLost(Duration.ofMinutes(1));
        }
        assertThat(saga.status()).isEqualTo(Status.COMPENSATION_FAILED);
    }

    @Test
    void compensationWaitsForAParticipantThatIsBehindWithoutResendingOrGivingUp() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockUnavailable(ORDER, List.of("SKU-1")));
        expectSent(Channels.PAYMENT_COMMANDS, new RefundPayment(ORDER, "customer-1", 1000));

        for (int check = 0; check < 20; check++) {
            whenTimePasses(Duration.ofMinutes(1));
            expectNothingSent();
        }

        assertThat(saga.status()).isEqualTo(Status.COMPENSATING);
        whenReply(new PaymentRefunded(ORDER, 1000));
        expectSent(Channels.ORDER_COMMANDS, new RejectOrder(ORDER, "OUT_OF_STOCK"));
    }

    @Test
    void approvalIsPastThePointOfNoReturnAndIsRetriedInsteadOfCompensated() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockReserved(ORDER));
        whenReply(new ShipmentScheduled(ORDER, UUID.randomUUID(), "TRK-1"));

        whenTimePasses(Duration.ofHours(1));
        expectNothingSent();
        assertThat(saga.status()).isEqualTo(Status.RUNNING);
        for (int i = 0; i < 10; i++) {
            whenTimePassesAndCommandIsLost(Duration.ofMinutes(2));
            expectSent(Channels.ORDER_COMMANDS, new ApproveOrder(ORDER));
        }
        whenReply(new OrderApproved(ORDER));
        assertThat(saga.status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void shipmentTimeoutCancelsTheShipmentToo() {
        givenStarted();
        whenReply(new PaymentAuthorized(ORDER, 1000));
        whenReply(new StockReserved(ORDER));
        whenTimePasses(Duration.ofSeconds(30));

        expectSent(Channels.SHIPPING_COMMANDS, new CancelShipment(ORDER));
        whenReply(new ShipmentCancelled(ORDER));
        expectSent(Channels.INVENTORY_COMMANDS, new ReleaseStock(ORDER));
    }

    @Test
    void timeoutReasonsNameTheStep() {
        assertThat(RejectionReasons.timeoutOf("AuthorizePayment")).isEqualTo("AUTHORIZE_PAYMENT_TIMEOUT");
        assertThat(RejectionReasons.timeoutOf("ScheduleShipment")).isEqualTo("SCHEDULE_SHIPMENT_TIMEOUT");
    }

    private void givenStarted() {
        OrderSagaInstance.Started started =
                OrderSagaInstance.start(UUID.randomUUID(), DATA, "customer-1", OrderSaga.DEFINITION, POLICY, now);
        saga = started.saga();
        sent = started.commands();
    }

    private void whenReply(Object reply) {
        sent = saga.handle(reply, now);
    }

    /** Time passes while the participant or the orchestrator is behind: nothing can have been lost. */
    private void whenTimePasses(Duration duration) {
        now = now.plus(duration);
        sent = saga.deadlinePassed(now, false);
    }

    /** Time passes, and Kafka shows the awaited command read and no reply waiting: it can have been lost. */
    private void whenTimePassesAndCommandIsLost(Duration duration) {
        now = now.plus(duration);
        sent = saga.deadlinePassed(now, true);
    }

    private void expectSent(String channel, Object command) {
        assertThat(sent).containsExactly(new Command(channel, command));
    }

    private void expectNothingSent() {
        assertThat(sent).isEmpty();
    }
}
