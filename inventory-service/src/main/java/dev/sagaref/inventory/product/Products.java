package dev.sagaref.inventory.product;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The catalogue: what the API seeds and reads, and what reservations lock. */
@Service
public class Products {

    private final ProductRepository products;
    private final EntityManager entityManager;
    private final Clock clock;

    Products(ProductRepository products, EntityManager entityManager, Clock clock) {
        this.products = products;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** What the API shows of a product; {@code available} is what can still be reserved. */
    public record Availability(String sku, String name, int available) {
        static Availability of(Product product) {
            return new Availability(product.sku(), product.name(), product.available());
        }
    }

    /**
     * Creates a product or sets its name and stock on hand.
     *
     * @throws Product.StockBelowReservedException if orders have reserved more than {@code stock}
     */
    @Transactional
    public Availability put(String sku, String name, int stock) {
        Instant now = clock.instant();
        Optional<Product> existing = Optional.ofNullable(lockOne(sku));
        if (existing.isPresent()) {
            existing.get().restock(name, stock, now);
            return Availability.of(existing.get());
        }
        return Availability.of(products.save(new Product(sku, name, stock, now)));
    }

    @Transactional(readOnly = true)
    public Optional<Availability> find(String sku) {
        return products.findById(sku).map(Availability::of);
    }

    /**
     * The products among {@code skus} that exist, by SKU, locked until the caller's transaction ends. Locked one by
     * one in SKU order: concurrent orders for the same products (on different partitions) take the locks in the same
     * order, so they queue instead of deadlocking, and none of them fails on a version check.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Product> lock(Collection<String> skus) {
        Map<String, Product> bySku = new TreeMap<>();
        for (String sku : new TreeSet<>(skus)) {
            Product product = lockOne(sku);
            if (product != null) {
                bySku.put(sku, product);
            }
        }
        return bySku;
    }

    /** Read by key with a lock mode, one row at a time (docs/persistence.md, "Locks"). */
    private Product lockOne(String sku) {
        return entityManager.find(Product.class, sku, LockModeType.PESSIMISTIC_WRITE);
    }
}
