package dev.sagaref.inventory.reservation;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.inventory.InventoryReply;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.events.inventory.StockReleased;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.inventory.StockUnavailable;
import dev.sagaref.inventory.product.Product;
import dev.sagaref.inventory.product.Products;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves an order's lines all or none, and releases them. Idempotent by order id: a repeated ReserveStock
 * reserves nothing more and gets the first answer; releasing an order that reserved nothing changes no stock, still
 * answers, and makes a later (overtaken) ReserveStock for that order fail.
 */
@Service
public class Reservations {

    private final ReservationRepository reservations;
    private final EntityManager entityManager;
    private final Products products;
    private final Clock clock;

    Reservations(ReservationRepository reservations, EntityManager entityManager, Products products, Clock clock) {
        this.reservations = reservations;
        this.entityManager = entityManager;
        this.products = products;
        this.clock = clock;
    }

    /** A reservation as an operator sees it: all of the order's lines, or (rejected) none. */
    public record ReservationView(
            UUID orderId, Reservation.Status status, List<ReservedLine> lines, Instant updatedAt) {}

    @Transactional(readOnly = true)
    public Optional<ReservationView> find(UUID orderId) {
        return reservations
                .findById(orderId)
                .map(reservation -> new ReservationView(
                        reservation.orderId(), reservation.status(), reservation.lines(), reservation.updatedAt()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public InventoryReply reserve(ReserveStock command) {
        Optional<Reservation> existing = lock(command.orderId());
        if (existing.isPresent()) {
            return existing.get().status() == Reservation.Status.RESERVED
                    ? new StockReserved(command.orderId())
                    : new StockUnavailable(command.orderId(), skus(command.items()));
        }
        Instant now = clock.instant();
        Map<String, Integer> wanted = new TreeMap<>();
        command.items().forEach(line -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
        Map<String, Product> locked = products.lock(wanted.keySet());
        List<String> unavailable = wanted.entrySet().stream()
                .filter(line -> !locked.containsKey(line.getKey())
                        || locked.get(line.getKey()).available() < line.getValue())
                .map(Map.Entry::getKey)
                .toList();
        if (!unavailable.isEmpty()) {
            reservations.save(Reservation.rejected(command.orderId(), now));
            return new StockUnavailable(command.orderId(), unavailable);
        }
        wanted.forEach((sku, quantity) -> locked.get(sku).reserve(quantity, now));
        reservations.save(Reservation.reserved(
                command.orderId(),
                wanted.entrySet().stream()
                        .map(line -> new ReservedLine(line.getKey(), line.getValue()))
                        .toList(),
                now));
        return new StockReserved(command.orderId());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public StockReleased release(ReleaseStock command) {
        Instant now = clock.instant();
        Optional<Reservation> existing = lock(command.orderId());
        if (existing.isEmpty()) {
            reservations.save(Reservation.releasedBeforeReserving(command.orderId(), now));
            return new StockReleased(command.orderId());
        }
        List<ReservedLine> released = existing.get().release(now);
        if (!released.isEmpty()) {
            Map<String, Product> locked =
                    products.lock(released.stream().map(ReservedLine::sku).toList());
            for (ReservedLine line : released) {
                Product product = locked.get(line.sku());
                if (product == null) {
                    throw new IllegalStateException("Reserved product " + line.sku() + " no longer exists");
                }
                product.release(line.quantity(), now);
            }
        }
        return new StockReleased(command.orderId());
    }

    /**
     * The order's reservation, locked, so a ReserveStock and a ReleaseStock of one order handled at once decide one
     * after the other. Read by key with a lock mode (docs/persistence.md, "Locks").
     */
    private Optional<Reservation> lock(UUID orderId) {
        return Optional.ofNullable(entityManager.find(Reservation.class, orderId, LockModeType.PESSIMISTIC_WRITE));
    }

    private static List<String> skus(List<OrderLine> lines) {
        return lines.stream().map(OrderLine::sku).distinct().toList();
    }
}
