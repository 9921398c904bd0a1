package dev.sagaref.shipping.shipment;

import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shipments as the shipper sees them: for the operator only. */
@RestController
@PreAuthorize("hasRole('OPERATOR')")
@RequestMapping("/api/shipments")
class ShipmentController {

    private final Shipments shipments;

    ShipmentController(Shipments shipments) {
        this.shipments = shipments;
    }

    /** The order's shipments (scheduled or cancelled); empty if it never had one. */
    @GetMapping
    List<Shipments.Tracking> byOrder(@RequestParam UUID orderId) {
        return shipments.findByOrder(orderId);
    }
}
