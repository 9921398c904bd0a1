package dev.sagaref.shipping.shipment;

import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.events.shipping.ShipmentCancelled;
import dev.sagaref.events.shipping.ShipmentRejected;
import dev.sagaref.events.shipping.ShipmentScheduled;
import dev.sagaref.events.shipping.ShippingReply;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules and cancels shipments. Idempotent by order id: a repeated ScheduleShipment schedules nothing more and
 * gets the first answer; cancelling an order that has no shipment changes nothing, still answers, and makes a later
 * (overtaken) ScheduleShipment for that order a rejection.
 */
@Service
public class Shipments {

    static final String UNSUPPORTED_DESTINATION = "UNSUPPORTED_DESTINATION";
    static final String ORDER_CANCELLED = "ORDER_CANCELLED";

    private final JdbcClient jdbc;
    private final Set<String> supportedCountries;

    public Shipments(JdbcClient jdbc, @Value("${shipping.supported-countries}") List<String> supportedCountries) {
        this.jdbc = jdbc;
        this.supportedCountries = supportedCountries.stream()
                .map(country -> country.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public record Shipment(UUID id, UUID orderId, String status, String trackingNumber) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public ShippingReply schedule(ScheduleShipment command) {
        Optional<Shipment> existing = lockByOrder(command.orderId());
        if (existing.isPresent()) {
            Shipment shipment = existing.get();
            return "SCHEDULED".equals(shipment.status())
                    ? new ShipmentScheduled(command.orderId(), shipment.id(), shipment.trackingNumber())
                    : new ShipmentRejected(command.orderId(), ORDER_CANCELLED);
        }
        String country = command.address() == null || command.address().country() == null
                ? ""
                : command.address().country().toUpperCase(Locale.ROOT);
        if (!supportedCountries.contains(country)) {
            // Deterministic, so a repeated command gets the same answer without a record.
            return new ShipmentRejected(command.orderId(), UNSUPPORTED_DESTINATION);
        }
        UUID id = UUID.randomUUID();
        String trackingNumber = "TRK-" + id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
        jdbc.sql("""
                        INSERT INTO shipments (id, order_id, status, tracking_number, country)
                        VALUES (:id, :orderId, 'SCHEDULED', :tracking, :country)
                        """)
                .param("id", id)
                .param("orderId", command.orderId())
                .param("tracking", trackingNumber)
                .param("country", country)
                .update();
        return new ShipmentScheduled(command.orderId(), id, trackingNumber);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ShipmentCancelled cancel(CancelShipment command) {
        Optional<Shipment> existing = lockByOrder(command.orderId());
        if (existing.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO shipments (id, order_id, status, country)
                            VALUES (:id, :orderId, 'CANCELLED', '')
                            """)
                    .param("id", UUID.randomUUID())
                    .param("orderId", command.orderId())
                    .update();
        } else if ("SCHEDULED".equals(existing.get().status())) {
            jdbc.sql("UPDATE shipments SET status = 'CANCELLED', updated_at = now() WHERE order_id = ?")
                    .param(command.orderId())
                    .update();
        }
        return new ShipmentCancelled(command.orderId());
    }

    public List<Shipment> findByOrder(UUID orderId) {
        return jdbc.sql("""
                        SELECT id, order_id, status, tracking_number FROM shipments
                        WHERE order_id = ? AND tracking_number IS NOT NULL
                        """).param(orderId).query(Shipment.class).list();
    }

    private Optional<Shipment> lockByOrder(UUID orderId) {
        return jdbc.sql("SELECT id, order_id, status, tracking_number FROM shipments WHERE order_id = ? FOR UPDATE")
                .param(orderId)
                .query(Shipment.class)
                .optional();
    }
}
