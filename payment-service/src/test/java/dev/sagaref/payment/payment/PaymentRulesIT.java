package dev.sagaref.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.events.payment.PaymentDeclined;
import dev.sagaref.events.payment.PaymentRefunded;
import dev.sagaref.events.payment.PaymentReply;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.payment.account.Accounts;
import dev.sagaref.testsupport.Concurrently;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/** The payment rules, against the real database: charged once per order, never overdrawn, refunds that overtake. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class PaymentRulesIT {

    @Autowired
    Payments payments;

    @Autowired
    Accounts accounts;

    @Autowired
    TransactionTemplate transactions;

    private final String customer = "customer-" + UUID.randomUUID();

    @Test
    void aSecondAuthorizationOfAnOrderChargesNothingMoreAndGetsTheSameAnswer() {
        accounts.setBalance(customer, 1_000);
        UUID order = UUID.randomUUID();

        PaymentReply first = authorize(order, 300);
        PaymentReply second = authorize(order, 300);

        assertThat(first).isEqualTo(new PaymentAuthorized(order, 300));
        assertThat(second).isEqualTo(first);
        assertThat(balance()).isEqualTo(700);
    }

    @Test
    void anAmountTheAccountCannotCoverIsDeclinedAndChangesNothing() {
        accounts.setBalance(customer, 100);
        UUID order = UUID.randomUUID();

        assertThat(authorize(order, 300)).isEqualTo(new PaymentDeclined(order, Payments.INSUFFICIENT_FUNDS));
        assertThat(authorize(order, 300)).isEqualTo(new PaymentDeclined(order, Payments.INSUFFICIENT_FUNDS));
        assertThat(balance()).isEqualTo(100);
    }

    @Test
    void aCustomerWithoutAnAccountIsDeclined() {
        UUID order = UUID.randomUUID();

        assertThat(authorize(order, 1)).isEqualTo(new PaymentDeclined(order, Payments.UNKNOWN_ACCOUNT));
    }

    @Test
    void aRefundGivesTheMoneyBackOnceHoweverOftenItIsAsked() {
        accounts.setBalance(customer, 1_000);
        UUID order = UUID.randomUUID();
        authorize(order, 300);

        assertThat(refund(order)).isEqualTo(new PaymentRefunded(order, 300));
        assertThat(refund(order)).isEqualTo(new PaymentRefunded(order, 300));
        assertThat(balance()).isEqualTo(1_000);
        assertThat(authorize(order, 300)).isEqualTo(new PaymentDeclined(order, Payments.ORDER_CANCELLED));
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void aRefundThatOvertakesItsAuthorizationMakesTheLateAuthorizationADecline() {
        accounts.setBalance(customer, 1_000);
        UUID order = UUID.randomUUID();

        assertThat(refund(order)).isEqualTo(new PaymentRefunded(order, 0));
        assertThat(authorize(order, 300)).isEqualTo(new PaymentDeclined(order, Payments.ORDER_CANCELLED));
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void concurrentOrdersOfOneCustomerNeverOverdrawTheAccount() throws Exception {
        accounts.setBalance(customer, 500);
        List<Callable<PaymentReply>> orders = IntStream.range(0, 12)
                .<Callable<PaymentReply>>mapToObj(i -> () -> authorize(UUID.randomUUID(), 100))
                .toList();

        long authorized = Concurrently.callAll(6, orders).stream()
                .filter(PaymentAuthorized.class::isInstance)
                .count();

        assertThat(authorized).isEqualTo(5);
        assertThat(balance()).isZero();
    }

    private PaymentReply authorize(UUID order, long amount) {
        return transactions.execute(tx -> payments.authorize(new AuthorizePayment(order, customer, amount)));
    }

    private PaymentRefunded refund(UUID order) {
        return transactions.execute(tx -> payments.refund(new RefundPayment(order, customer, 300)));
    }

    private long balance() {
        return accounts.find(customer).orElseThrow().balance();
    }
}
