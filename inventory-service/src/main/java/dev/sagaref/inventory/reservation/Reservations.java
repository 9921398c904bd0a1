package dev.sagaref.inventory.reservation;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.inventory.InventoryReply;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.events.inventory.StockReleased;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.inventory.StockUnavailable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;

    public Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Line(String sku, int quantity) {}

    record Reservation(String status, String lines) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public InventoryReply reserve(ReserveStock command) {
        Optional<Reservation> existing = lock(command.orderId());
        if (existing.isPresent()) {
            return "RESERVED".equals(existing.get().status())
                    ? new StockReserved(command.orderId())
                    : new StockUnavailable(command.orderId(), skus(command.items()));
        }
        // Sorted by SKU, so concurrent orders lock products in the same order and cannot deadlock.
        Map<String, Integer> wanted = new TreeMap<>();
        command.items().forEach(line -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
        Map<String, Integer> available = new TreeMap<>();
        jdbc.sql("SELECT sku, stock - reserved FROM products WHERE sku = ANY(:skus) ORDER BY sku FOR UPDATE")
                .param("skus", wanted.keySet().toArray(String[]::new))
                .query((row, n) -> available.put(row.getString(1), row.getInt(2)))
                .list();
        List<String> unavailable = wanted.entrySet().stream()
                .filter(line -> available.getOrDefault(line.getKey(), 0) < line.getValue())
                .map(Map.Entry::getKey)
                .toList();
        if (!unavailable.isEmpty()) {
            record(command.orderId(), "REJECTED", List.of());
            return new StockUnavailable(command.orderId(), unavailable);
        }
        wanted.forEach((sku, quantity) -> jdbc.sql(
                        "UPDATE products SET reserved = reserved + :quantity, updated_at = now() WHERE sku = :sku")
                .param("sku", sku)
                .param("quantity", quantity)
                .update());
        record(
                command.orderId(),
                "RESERVED",
                wanted.entrySet().stream()
                        .map(e -> new Line(e.getKey(), e.getValue()))
                        .toList());
        return new StockReserved(command.orderId());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public StockReleased release(ReleaseStock command) {
        Optional<Reservation> existing = lock(command.orderId());
        if (existing.isEmpty()) {
            record(command.orderId(), "RELEASED", List.of());
            return new StockReleased(command.orderId());
        }
        if ("RESERVED".equals(existing.get().status())) {
            for (Line line : JsonCodec.read(existing.get().lines(), Line[].class)) {
                jdbc.sql("UPDATE products SET reserved = reserved - :quantity, updated_at = now() WHERE sku = :sku")
                        .param("sku", line.sku())
                        .param("quantity", line.quantity())
                        .update();
            }
            jdbc.sql("UPDATE reservations SET status = 'RELEASED', updated_at = now() WHERE order_id = ?")
                    .param(command.orderId())
                    .update();
        }
        return new StockReleased(command.orderId());
    }

    private Optional<Reservation> lock(UUID orderId) {
        return jdbc.sql("SELECT status, lines::text AS lines FROM reservations WHERE order_id = ? FOR UPDATE")
                .param(orderId)
                .query(Reservation.class)
                .optional();
    }

    private void record(UUID orderId, String status, List<Line> lines) {
        jdbc.sql("INSERT INTO reservations (order_id, status, lines) VALUES (:orderId, :status, CAST(:lines AS json))")
                .param("orderId", orderId)
                .param("status", status)
                .param("lines", JsonCodec.write(lines))
                .update();
    }

    private static List<String> skus(List<OrderLine> lines) {
        return lines.stream().map(OrderLine::sku).distinct().toList();
    }
}
