package dev.sagaref.inventory.reservation;

import java.util.UUID;
import org.springframework.data.repository.CrudRepository;

/** Reservations by order id; {@link Reservations} locks the row it decides on. */
interface ReservationRepository extends CrudRepository<Reservation, UUID> {}
