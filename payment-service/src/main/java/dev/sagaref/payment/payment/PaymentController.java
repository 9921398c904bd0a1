package dev.sagaref.payment.payment;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** An order's payment as the payment service holds it, for operators (the saga console shows it beside the saga). */
@RestController
@PreAuthorize("hasRole('OPERATOR')")
@RequestMapping("/api/payments")
class PaymentController {

    private final Payments payments;

    PaymentController(Payments payments) {
        this.payments = payments;
    }

    @GetMapping("/{orderId}")
    Payments.PaymentView byOrder(@PathVariable UUID orderId) {
        return payments.find(orderId)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No payment for order " + orderId));
    }
}
