package dev.sagaref.inventory.reservation;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** An order's reservation as the inventory service holds it, for operators (the saga console shows it). */
@RestController
@PreAuthorize("hasRole('OPERATOR')")
@RequestMapping("/api/reservations")
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/{orderId}")
    Reservations.ReservationView byOrder(@PathVariable UUID orderId) {
        return reservations
                .find(orderId)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No reservation for order " + orderId));
    }
}
