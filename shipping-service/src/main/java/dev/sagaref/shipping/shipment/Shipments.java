package dev.sagaref.shipping.shipment;

import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.events.shipping.ShipmentCancelled;
import dev.sagaref.events.shipping.ShipmentRejected;
import dev.sagaref.events.shipping.ShipmentScheduled;
import dev.sagaref.events.shipping.ShippingReply;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
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

    private final ShipmentRepository shipments;
    private final Set<String> supportedCountries;
    private final Clock clock;

    Shipments(
            ShipmentRepository shipments,
            @Value("${shipping.supported-countries}") List<String> supportedCountries,
            Clock clock) {
        this.shipments = shipments;
        this.supportedCountries = supportedCountries.stream()
                .map(country -> country.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /** What the API shows of a shipment. */
    public record Tracking(UUID id, UUID orderId, Shipment.Status status, String trackingNumber) {
        static Tracking of(Shipment shipment) {
            return new Tracking(shipment.id(), shipment.orderId(), shipment.status(), shipment.trackingNumber());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ShippingReply schedule(ScheduleShipment command) {
        Optional<Shipment> existing = shipments.findByOrderForUpdate(command.orderId());
        if (existing.isPresent()) {
            Shipment shipment = existing.get();
            return shipment.status() == Shipment.Status.SCHEDULED
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
        Shipment shipment = shipments.save(Shipment.schedule(command.orderId(), country, clock.instant()));
        return new ShipmentScheduled(command.orderId(), shipment.id(), shipment.trackingNumber());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ShipmentCancelled cancel(CancelShipment command) {
        Optional<Shipment> existing = shipments.findByOrderForUpdate(command.orderId());
        if (existing.isEmpty()) {
            shipments.save(Shipment.cancelledBeforeScheduling(command.orderId(), clock.instant()));
        } else {
            existing.get().cancel(clock.instant());
        }
        return new ShipmentCancelled(command.orderId());
    }

    @Transactional(readOnly = true)
    public List<Tracking> findByOrder(UUID orderId) {
        return shipments.findByOrderIdAndTrackingNumberIsNotNull(orderId).stream()
                .map(Tracking::of)
                .toList();
    }
}
