package dev.sagaref.orchestrator.saga.persistence;

import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface SagaRepository extends JpaRepository<OrderSagaInstance, UUID>, JpaSpecificationExecutor<OrderSagaInstance> {

    boolean existsByOrderId(UUID orderId);

    Optional<OrderSagaInstance> findByOrderId(UUID orderId);

    @Query("select s from OrderSagaInstance s where s.deadline <= :now order by s.deadline")
    List<OrderSagaInstance> findDue(Instant now, Limit limit);

    /**
     * Pessimistic with SKIP LOCKED ({@code lock.timeout} -2 is Hibernate's SKIP_LOCKED): instances scanning at the
     * same time split the due sagas between them instead of queueing behind each other's locks or firing a deadline
     * twice. A reply that has saved its change (and so holds the row) simply wins; the deadline is looked at again
     * on the next scan.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = AvailableSettings.JAKARTA_LOCK_TIMEOUT, value = "-2"))
    @Query("select s from OrderSagaInstance s where s.id in :ids and s.deadline <= :now order by s.deadline")
    List<OrderSagaInstance> lockDue(Collection<UUID> ids, Instant now);

    List<OrderSagaInstance> findByStatusAndUpdatedAtLessThanEqualOrderByUpdatedAt(
            Status status, Instant notChangedSince, Limit limit);

    /** How many sagas are in each state: pairs of status and count. */
    @Query("select s.status, count(s) from OrderSagaInstance s group by s.status")
    List<Object[]> countByStatus();
}
