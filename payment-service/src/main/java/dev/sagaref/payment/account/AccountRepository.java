package dev.sagaref.payment.account;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface AccountRepository extends CrudRepository<Account, String> {

    /**
     * A pessimistic lock, not an optimistic one: one customer's orders sit on different partitions and are charged
     * concurrently, and waiting for the row is cheaper than failing and redelivering a whole message.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Account a where a.customerId = :customerId")
    Optional<Account> findForUpdate(String customerId);
}
