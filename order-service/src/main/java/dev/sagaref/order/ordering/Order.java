package dev.sagaref.order.ordering;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/**
 * A customer's order. It is placed PENDING and settled once, by its saga: APPROVED or REJECTED, never both and never
 * back. Its lines and address do not change after it is placed.
 */
@Entity
@Table(name = "orders")
public class Order {

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED
    }

    /** A line as stored: which product, how many, at what unit price (cents). */
    @Embeddable
    record Line(String sku, int quantity, long unitPrice) {}

    /** The shipping address, in the order's {@code ship_*} columns. */
    @Embeddable
    record Address(
            @Column(name = "ship_name") String name,
            @Column(name = "ship_street") String street,
            @Column(name = "ship_city") String city,
            @Column(name = "ship_postal_code") String postalCode,
            @Column(name = "ship_country") String country) {}

    @Id
    private UUID id;

    private String customerId;

    /**
     * Read in batches: a page of orders loads the lines of all of them in one query instead of one per order (no
     * N+1, and no collection fetch join that would make the database page in memory).
     */
    @ElementCollection
    @CollectionTable(name = "order_items", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    @BatchSize(size = 200)
    private List<Line> lines = new ArrayList<>();

    private long total;

    @Enumerated(EnumType.STRING)
    private Status status;

    private String rejectionReason;

    @Embedded
    private Address shippingAddress;

    private String idempotencyKey;
    private String requestFingerprint;
    private Instant createdAt;
    private Instant updatedAt;

    /**
     * A backstop: settlements lock the row (see {@code OrderService.settle}), so this check only fails for
     * a writer that did not. Null until first saved, which is how Spring Data tells a new order from a stored one.
     */
    @Version
    private Long version;

    protected Order() {}

    /**
     * A new PENDING order. The idempotency key and the fingerprint of the request it came with let a repeat of the
     * request find this order instead of placing another.
     */
    static Order place(
            String customerId,
            List<OrderLine> lines,
            ShippingAddress address,
            String idempotencyKey,
            String requestFingerprint,
            Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order has at least one line");
        }
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.customerId = customerId;
        lines.forEach(line -> order.lines.add(new Line(line.sku(), line.quantity(), line.unitPrice())));
        // The request's bounds (100 lines, 10,000 units, 100,000,000 cents each) keep this far from overflowing.
        order.total = lines.stream()
                .mapToLong(line -> line.quantity() * line.unitPrice())
                .sum();
        order.status = Status.PENDING;
        order.shippingAddress =
                new Address(address.name(), address.street(), address.city(), address.postalCode(), address.country());
        order.idempotencyKey = idempotencyKey;
        order.requestFingerprint = requestFingerprint;
        // PostgreSQL keeps microseconds; the response must show what a later GET will.
        order.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        order.updatedAt = order.createdAt;
        return order;
    }

    void approve(Instant now) {
        settle(Status.APPROVED, null, now);
    }

    void reject(String reason, Instant now) {
        settle(Status.REJECTED, reason, now);
    }

    private void settle(Status outcome, String reason, Instant now) {
        if (status != Status.PENDING) {
            throw new IllegalStateException("Order " + id + " is already " + status);
        }
        status = outcome;
        rejectionReason = reason;
        updatedAt = now;
    }

    boolean isPending() {
        return status == Status.PENDING;
    }

    /** Whether a request with this fingerprint is the one the order was placed with. */
    boolean wasPlacedBy(String fingerprint) {
        return requestFingerprint != null && requestFingerprint.equals(fingerprint);
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public List<OrderLine> lines() {
        return lines.stream()
                .map(line -> new OrderLine(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
    }

    public long total() {
        return total;
    }

    public Status status() {
        return status;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public ShippingAddress shippingAddress() {
        Address a = shippingAddress;
        return new ShippingAddress(a.name(), a.street(), a.city(), a.postalCode(), a.country());
    }

    public Instant createdAt() {
        return createdAt;
    }
}
