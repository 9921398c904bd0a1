package dev.sagaref.order.ordering;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Orders {

    private static final String COLUMNS = "id, customer_id, total, status, rejection_reason, ship_name, ship_street, "
            + "ship_city, ship_postal_code, ship_country, created_at";

    private final JdbcClient jdbc;

    public Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Order order, String idempotencyKey, String fingerprint) {
        ShippingAddress a = order.shippingAddress();
        jdbc.sql("""
                        INSERT INTO orders (id, customer_id, total, status, ship_name, ship_street, ship_city,
                                            ship_postal_code, ship_country, idempotency_key, request_fingerprint,
                                            created_at, updated_at)
                        VALUES (:id, :customerId, :total, :status, :name, :street, :city, :postalCode, :country,
                                :key, :fingerprint, :createdAt, :createdAt)
                        """)
                .param("id", order.id())
                .param("customerId", order.customerId())
                .param("total", order.total())
                .param("status", order.status().name())
                .param("name", a.name())
                .param("street", a.street())
                .param("city", a.city())
                .param("postalCode", a.postalCode())
                .param("country", a.country())
                .param("key", idempotencyKey)
                .param("fingerprint", fingerprint)
                .param("createdAt", Timestamp.from(order.createdAt()))
                .update();
        for (int line = 0; line < order.items().size(); line++) {
            OrderLine item = order.items().get(line);
            jdbc.sql("""
                            INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
                            VALUES (:orderId, :line, :sku, :quantity, :unitPrice)
                            """)
                    .param("orderId", order.id())
                    .param("line", line)
                    .param("sku", item.sku())
                    .param("quantity", item.quantity())
                    .param("unitPrice", item.unitPrice())
                    .update();
        }
    }

    public Optional<Order> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?")
                .param(id)
                .query(this::map)
                .optional()
                .map(order -> withItems(List.of(order)).get(0));
    }

    /** The order an idempotency key was first used for, with the fingerprint of that first request. */
    public record KeyedOrder(UUID orderId, String fingerprint) {}

    public Optional<KeyedOrder> findByIdempotencyKey(String key) {
        return jdbc.sql("SELECT id, request_fingerprint FROM orders WHERE idempotency_key = ?")
                .param(key)
                .query((row, n) -> new KeyedOrder(row.getObject(1, UUID.class), row.getString(2)))
                .optional();
    }

    /** Reads an order and locks it until the transaction ends, so status changes of one order never interleave. */
    public Optional<Order> lockForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ? FOR UPDATE")
                .param(id)
                .query(this::map)
                .optional();
    }

    public void setStatus(UUID id, Order.Status status, String rejectionReason, Instant now) {
        jdbc.sql("UPDATE orders SET status = :status, rejection_reason = :reason, updated_at = :now WHERE id = :id")
                .param("id", id)
                .param("status", status.name())
                .param("reason", rejectionReason)
                .param("now", Timestamp.from(now))
                .update();
    }

    public record Page(List<Order> content, int page, int size, long totalElements) {}

    public Page search(String customerId, Order.Status status, int page, int size) {
        String where = " WHERE (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)"
                + " AND (CAST(:status AS text) IS NULL OR status = :status)";
        String statusName = status == null ? null : status.name();
        long total = jdbc.sql("SELECT count(*) FROM orders" + where)
                .param("customerId", customerId)
                .param("status", statusName)
                .query(Long.class)
                .single();
        List<Order> orders = jdbc.sql("SELECT " + COLUMNS + " FROM orders" + where
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("customerId", customerId)
                .param("status", statusName)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::map)
                .list();
        return new Page(withItems(orders), page, size, total);
    }

    private List<Order> withItems(List<Order> orders) {
        if (orders.isEmpty()) {
            return orders;
        }
        Map<UUID, List<OrderLine>> items = jdbc
                .sql("""
                        SELECT order_id, sku, quantity, unit_price FROM order_items
                        WHERE order_id = ANY(:ids) ORDER BY order_id, line_no
                        """)
                .param("ids", orders.stream().map(Order::id).toArray(UUID[]::new))
                .query((row, n) -> Map.entry(
                        row.getObject(1, UUID.class), new OrderLine(row.getString(2), row.getInt(3), row.getLong(4))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        List<Order> result = new ArrayList<>(orders.size());
        for (Order order : orders) {
            result.add(new Order(
                    order.id(),
                    order.customerId(),
                    items.getOrDefault(order.id(), List.of()),
                    order.total(),
                    order.status(),
                    order.rejectionReason(),
                    order.shippingAddress(),
                    order.createdAt()));
        }
        return result;
    }

    private Order map(ResultSet row, int rowNumber) throws SQLException {
        return new Order(
                row.getObject("id", UUID.class),
                row.getString("customer_id"),
                List.of(),
                row.getLong("total"),
                Order.Status.valueOf(row.getString("status")),
                row.getString("rejection_reason"),
                new ShippingAddress(
                        row.getString("ship_name"),
                        row.getString("ship_street"),
                        row.getString("ship_city"),
                        row.getString("ship_postal_code"),
                        row.getString("ship_country")),
                row.getTimestamp("created_at").toInstant());
    }
}
