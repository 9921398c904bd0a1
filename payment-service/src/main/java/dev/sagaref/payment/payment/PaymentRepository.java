package dev.sagaref.payment.payment;

import java.util.UUID;
import org.springframework.data.repository.CrudRepository;

/** Payments by order id; {@link Payments} locks the row it decides on. */
interface PaymentRepository extends CrudRepository<Payment, UUID> {}
