package dev.sagaref.inventory.product;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * Stock on hand and how much of it orders have reserved. What is reserved is promised: it can neither be reserved
 * twice nor taken away by lowering the stock.
 */
@Entity
@Table(name = "products")
public class Product {

    @Id
    private String sku;

    private String name;
    private int stock;
    private int reserved;
    private Instant updatedAt;

    /** Null until first saved, which is how Spring Data tells a new product from a stored one. */
    @Version
    private Long version;

    protected Product() {}

    public Product(String sku, String name, int stock, Instant now) {
        this.sku = sku;
        restock(name, stock, now);
    }

    /** Sets the name and the stock on hand; refused if the stock would fall below what is reserved. */
    public void restock(String name, int stock, Instant now) {
        if (stock < reserved) {
            throw new StockBelowReservedException(sku, stock, reserved);
        }
        this.name = name;
        this.stock = stock;
        this.updatedAt = now;
    }

    public int available() {
        return stock - reserved;
    }

    public void reserve(int quantity, Instant now) {
        if (quantity <= 0 || quantity > available()) {
            throw new IllegalStateException("Cannot reserve " + quantity + " of " + sku + ": " + available() + " left");
        }
        reserved += quantity;
        updatedAt = now;
    }

    public void release(int quantity, Instant now) {
        if (quantity <= 0 || quantity > reserved) {
            throw new IllegalStateException(
                    "Cannot release " + quantity + " of " + sku + ": " + reserved + " reserved");
        }
        reserved -= quantity;
        updatedAt = now;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    /** Stock that lowering the stock on hand would take from orders. */
    public static class StockBelowReservedException extends RuntimeException {
        StockBelowReservedException(String sku, int stock, int reserved) {
            super("Stock of " + sku + " cannot go below what orders have reserved (" + stock + " < " + reserved + ")");
        }
    }
}
