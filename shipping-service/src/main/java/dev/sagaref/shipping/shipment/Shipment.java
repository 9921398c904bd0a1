package dev.sagaref.shipping.shipment;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An order's shipment; at most one per order. A cancellation that overtook its scheduling leaves a CANCELLED
 * shipment without a tracking number, so a late ScheduleShipment for that order is rejected.
 */
@Entity
@Table(name = "shipments")
public class Shipment {

    public enum Status {
        SCHEDULED,
        CANCELLED
    }

    @Id
    private UUID id;

    private UUID orderId;

    @Enumerated(EnumType.STRING)
    private Status status;

    private String trackingNumber;
    private String country;
    private Instant createdAt;
    private Instant updatedAt;

    /** Null until first saved, which is how Spring Data tells a new shipment from a stored one. */
    @Version
    private Long version;

    protected Shipment() {}

    private Shipment(UUID orderId, Status status, String trackingNumber, String country, Instant now) {
        this.id = UUID.randomUUID();
        this.orderId = orderId;
        this.status = status;
        this.trackingNumber = trackingNumber;
        this.country = country;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static Shipment schedule(UUID orderId, String country, Instant now) {
        Shipment shipment = new Shipment(orderId, Status.SCHEDULED, null, country, now);
        shipment.trackingNumber =
                "TRK-" + shipment.id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
        return shipment;
    }

    /** A cancellation that came before the shipment was scheduled: nothing ships for this order any more. */
    static Shipment cancelledBeforeScheduling(UUID orderId, Instant now) {
        return new Shipment(orderId, Status.CANCELLED, null, "", now);
    }

    void cancel(Instant now) {
        if (status == Status.SCHEDULED) {
            status = Status.CANCELLED;
            updatedAt = now;
        }
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public Status status() {
        return status;
    }

    public String trackingNumber() {
        return trackingNumber;
    }
}
