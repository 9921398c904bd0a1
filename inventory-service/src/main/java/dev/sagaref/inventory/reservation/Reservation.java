package dev.sagaref.inventory.reservation;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * What an order holds of the stock; at most one per order. A release that overtook its reservation leaves a RELEASED
 * reservation of nothing, so a late ReserveStock for that order reserves nothing.
 */
@Entity
@Table(name = "reservations")
public class Reservation {

    public enum Status {
        RESERVED,
        /** Some line could not be reserved, so none was. */
        REJECTED,
        RELEASED
    }

    @Id
    private UUID orderId;

    @Enumerated(EnumType.STRING)
    private Status status;

    /** Replaced on every change, never changed in place, so Hibernate checks it by reference and equals. */
    @Convert(converter = ReservedLinesConverter.class)
    @Column(columnDefinition = "json")
    @ColumnTransformer(write = "CAST(? AS json)")
    @Mutability(Immutability.class)
    private List<ReservedLine> lines;

    private Instant createdAt;
    private Instant updatedAt;

    /** Null until first saved, which is how Spring Data tells a new reservation from a stored one. */
    @Version
    private Long version;

    protected Reservation() {}

    private Reservation(UUID orderId, Status status, List<ReservedLine> lines, Instant now) {
        this.orderId = orderId;
        this.status = status;
        this.lines = List.copyOf(lines);
        this.createdAt = now;
        this.updatedAt = now;
    }

    static Reservation reserved(UUID orderId, List<ReservedLine> lines, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("A reservation holds at least one line");
        }
        return new Reservation(orderId, Status.RESERVED, lines, now);
    }

    static Reservation rejected(UUID orderId, Instant now) {
        return new Reservation(orderId, Status.REJECTED, List.of(), now);
    }

    /** A release that came before its reservation: nothing to give back, and nothing may be reserved later. */
    static Reservation releasedBeforeReserving(UUID orderId, Instant now) {
        return new Reservation(orderId, Status.RELEASED, List.of(), now);
    }

    /** Ends the reservation; returns the lines whose units go back to stock (none unless it was RESERVED). */
    List<ReservedLine> release(Instant now) {
        if (status != Status.RESERVED) {
            return List.of();
        }
        List<ReservedLine> released = lines;
        status = Status.RELEASED;
        updatedAt = now;
        return released;
    }

    UUID orderId() {
        return orderId;
    }

    Status status() {
        return status;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    List<ReservedLine> lines() {
        return lines;
    }
}
