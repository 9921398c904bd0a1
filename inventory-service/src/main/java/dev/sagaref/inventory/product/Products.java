package dev.sagaref.inventory.product;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Products {

    private final JdbcClient jdbc;

    public Products(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code available} is what can still be reserved. */
    public record Product(String sku, String name, int available) {}

    /**
     * Creates a product or sets its name and stock on hand. Stock below what is currently reserved is refused,
     * since reserved units are promised to orders.
     */
    public Optional<Product> put(String sku, String name, int stock) {
        return jdbc.sql("""
                        INSERT INTO products (sku, name, stock) VALUES (:sku, :name, :stock)
                        ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, stock = EXCLUDED.stock, updated_at = now()
                        WHERE products.reserved <= EXCLUDED.stock
                        RETURNING sku, name, stock - reserved AS available
                        """)
                .param("sku", sku)
                .param("name", name)
                .param("stock", stock)
                .query(Product.class)
                .optional();
    }

    public Optional<Product> find(String sku) {
        return jdbc.sql("SELECT sku, name, stock - reserved AS available FROM products WHERE sku = ?")
                .param(sku)
                .query(Product.class)
                .optional();
    }
}
