package dev.sagaref.payment.payment;

import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.events.payment.PaymentDeclined;
import dev.sagaref.events.payment.PaymentRefunded;
import dev.sagaref.events.payment.PaymentReply;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.payment.account.Accounts;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;
    private final Accounts accounts;

    public Payments(JdbcClient jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    record Payment(UUID orderId, String customerId, long amount, String status, String reason) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentReply authorize(AuthorizePayment command) {
        Optional<Payment> existing = lock(command.orderId());
        if (existing.isPresent()) {
            Payment payment = existing.get();
            return switch (payment.status()) {
                case "AUTHORIZED" -> new PaymentAuthorized(command.orderId(), payment.amount());
                case "DECLINED" -> new PaymentDeclined(command.orderId(), payment.reason());
                default -> new PaymentDeclined(command.orderId(), ORDER_CANCELLED);
            };
        }
        if (accounts.debit(command.customerId(), command.amount())) {
            insert(command.orderId(), command.customerId(), command.amount(), "AUTHORIZED", null);
            return new PaymentAuthorized(command.orderId(), command.amount());
        }
        String reason = accounts.find(command.customerId()).isPresent() ? "INSUFFICIENT_FUNDS" : "UNKNOWN_ACCOUNT";
        insert(command.orderId(), command.customerId(), command.amount(), "DECLINED", reason);
        return new PaymentDeclined(command.orderId(), reason);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentRefunded refund(RefundPayment command) {
        Optional<Payment> existing = lock(command.orderId());
        if (existing.isEmpty()) {
            insert(command.orderId(), command.customerId(), 0, "CANCELLED", ORDER_CANCELLED);
            return new PaymentRefunded(command.orderId(), 0);
        }
        Payment payment = existing.get();
        return switch (payment.status()) {
            case "AUTHORIZED" -> {
                accounts.credit(payment.customerId(), payment.amount());
                jdbc.sql("UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE order_id = ?")
                        .param(command.orderId())
                        .update();
                yield new PaymentRefunded(command.orderId(), payment.amount());
            }
            case "REFUNDED" -> new PaymentRefunded(command.orderId(), payment.amount());
            default -> new PaymentRefunded(command.orderId(), 0);
        };
    }

    private Optional<Payment> lock(UUID orderId) {
        return jdbc.sql(
                        "SELECT order_id, customer_id, amount, status, reason FROM payments WHERE order_id = ? FOR UPDATE")
                .param(orderId)
                .query(Payment.class)
                .optional();
    }

    private void insert(UUID orderId, String customerId, long amount, String status, String reason) {
        jdbc.sql("""
                        INSERT INTO payments (order_id, customer_id, amount, status, reason)
                        VALUES (:orderId, :customerId, :amount, :status, :reason)
                        """)
                .param("orderId", orderId)
                .param("customerId", customerId)
                .param("amount", amount)
                .param("status", status)
                .param("reason", reason)
                .update();
    }
}
