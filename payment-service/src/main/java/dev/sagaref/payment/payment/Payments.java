package dev.sagaref.payment.payment;

import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.events.payment.PaymentDeclined;
import dev.sagaref.events.payment.PaymentRefunded;
import dev.sagaref.events.payment.PaymentReply;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.payment.account.Account;
import dev.sagaref.payment.account.Accounts;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Charges and refunds orders. Idempotent by order id, whatever the message id: a second AuthorizePayment for an
 * order charges nothing more and gets the first one's answer; a refund of a payment that never happened changes no
 * balance, still answers, and makes a later (overtaken) AuthorizePayment for that order a decline.
 */
@Service
public class Payments {

    static final String ORDER_CANCELLED = "ORDER_CANCELLED";
    static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    static final String UNKNOWN_ACCOUNT = "UNKNOWN_ACCOUNT";

    private final PaymentRepository payments;
    private final EntityManager entityManager;
    private final Accounts accounts;
    private final Clock clock;

    Payments(PaymentRepository payments, EntityManager entityManager, Accounts accounts, Clock clock) {
        this.payments = payments;
        this.entityManager = entityManager;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A payment as an operator sees it. */
    public record PaymentView(
            UUID orderId, String customerId, long amount, Payment.Status status, String reason, Instant updatedAt) {}

    @Transactional(readOnly = true)
    public Optional<PaymentView> find(UUID orderId) {
        return payments.findById(orderId)
                .map(payment -> new PaymentView(
                        payment.orderId(),
                        payment.customerId(),
                        payment.amount(),
                        payment.status(),
                        payment.reason(),
                        payment.updatedAt()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentReply authorize(AuthorizePayment command) {
        Optional<Payment> existing = lock(command.orderId());
        if (existing.isPresent()) {
            return replyTo(existing.get());
        }
        Instant now = clock.instant();
        Optional<Account> account = accounts.lock(command.customerId());
        Payment payment;
        if (account.isEmpty()) {
            payment = Payment.declined(command.orderId(), command.customerId(), command.amount(), UNKNOWN_ACCOUNT, now);
        } else if (!account.get().canCover(command.amount())) {
            payment = Payment.declined(
                    command.orderId(), command.customerId(), command.amount(), INSUFFICIENT_FUNDS, now);
        } else {
            account.get().debit(command.amount(), now);
            payment = Payment.authorized(command.orderId(), command.customerId(), command.amount(), now);
        }
        return replyTo(payments.save(payment));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentRefunded refund(RefundPayment command) {
        Optional<Payment> existing = lock(command.orderId());
        if (existing.isEmpty()) {
            payments.save(Payment.cancelledBeforeCharge(command.orderId(), command.customerId(), clock.instant()));
            return new PaymentRefunded(command.orderId(), 0);
        }
        Payment payment = existing.get();
        Instant now = clock.instant();
        long giveBack = payment.refund(now);
        if (giveBack > 0) {
            accounts.lock(payment.customerId())
                    .orElseThrow(() -> new IllegalStateException("Payment " + payment.orderId() + " has no account"))
                    .credit(giveBack, now);
        }
        return new PaymentRefunded(command.orderId(), payment.refunded());
    }

    /**
     * The order's payment, locked until the transaction ends, because an authorization and a refund of one order can
     * be handled at once (a resend races the original): the second waits for the first's decision instead of
     * deciding on a stale row. Read by key with a lock mode (docs/persistence.md, "Locks").
     */
    private Optional<Payment> lock(UUID orderId) {
        return Optional.ofNullable(entityManager.find(Payment.class, orderId, LockModeType.PESSIMISTIC_WRITE));
    }

    private static PaymentReply replyTo(Payment payment) {
        return switch (payment.status()) {
            case AUTHORIZED -> new PaymentAuthorized(payment.orderId(), payment.amount());
            case DECLINED -> new PaymentDeclined(payment.orderId(), payment.reason());
            case REFUNDED, CANCELLED -> new PaymentDeclined(payment.orderId(), ORDER_CANCELLED);
        };
    }
}
