package dev.sagaref.payment.payment;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * What happened to an order's money; at most one per order. A payment refunded before it was ever charged is
 * CANCELLED, and stays so: a late authorization for that order is declined.
 */
@Entity
@Table(name = "payments")
public class Payment {

    public enum Status {
        AUTHORIZED,
        DECLINED,
        REFUNDED,
        /** Refunded before it was ever charged. */
        CANCELLED
    }

    @Id
    private UUID orderId;

    private String customerId;
    private long amount;

    @Enumerated(EnumType.STRING)
    private Status status;

    private String reason;
    private Instant createdAt;
    private Instant updatedAt;

    /** Null until first saved, which is how Spring Data tells a new payment from a stored one. */
    @Version
    private Long version;

    protected Payment() {}

    private Payment(UUID orderId, String customerId, long amount, Status status, String reason, Instant now) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amount = amount;
        this.status = status;
        this.reason = reason;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static Payment authorized(UUID orderId, String customerId, long amount, Instant now) {
        return new Payment(orderId, customerId, amount, Status.AUTHORIZED, null, now);
    }

    static Payment declined(UUID orderId, String customerId, long amount, String reason, Instant now) {
        return new Payment(orderId, customerId, amount, Status.DECLINED, reason, now);
    }

    /** A refund that overtook its authorization: nothing to give back, and nothing may be charged later. */
    static Payment cancelledBeforeCharge(UUID orderId, String customerId, Instant now) {
        return new Payment(orderId, customerId, 0, Status.CANCELLED, Payments.ORDER_CANCELLED, now);
    }

    /** Marks an authorized payment refunded; returns what goes back to the account (0 if nothing was charged). */
    long refund(Instant now) {
        if (status != Status.AUTHORIZED) {
            return 0;
        }
        status = Status.REFUNDED;
        updatedAt = now;
        return amount;
    }

    /** What the refund gave back: the amount once REFUNDED, else 0. */
    long refunded() {
        return status == Status.REFUNDED ? amount : 0;
    }

    public UUID orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public long amount() {
        return amount;
    }

    public Status status() {
        return status;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String reason() {
        return reason;
    }
}
