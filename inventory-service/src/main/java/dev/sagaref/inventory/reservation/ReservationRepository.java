package dev.sagaref.inventory.reservation;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ReservationRepository extends CrudRepository<Reservation, UUID> {

    /** Locked, so a ReserveStock and a ReleaseStock of one order handled at once decide one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Reservation r where r.orderId = :orderId")
    Optional<Reservation> findForUpdate(UUID orderId);
}
