package dev.sagaref.payment.payment;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface PaymentRepository extends CrudRepository<Payment, UUID> {

    /**
     * Locked, because an authorization and a refund of one order can be handled at once (a resend races the
     * original): the second waits for the first's decision instead of deciding on a stale row.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Payment p where p.orderId = :orderId")
    Optional<Payment> findForUpdate(UUID orderId);
}
