package dev.sagaref.shipping.shipment;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ShipmentRepository extends CrudRepository<Shipment, UUID> {

    /** Locked, so a ScheduleShipment and a CancelShipment of one order handled at once decide one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Shipment s where s.orderId = :orderId")
    Optional<Shipment> findByOrderForUpdate(UUID orderId);

    /** Shipments that were scheduled (a cancellation that came first has no tracking number). */
    List<Shipment> findByOrderIdAndTrackingNumberIsNotNull(UUID orderId);
}
