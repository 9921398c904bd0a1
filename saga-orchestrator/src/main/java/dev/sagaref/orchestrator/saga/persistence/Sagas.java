package dev.sagaref.orchestrator.saga.persistence;

import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.SagaDefinition;
import dev.sagaref.orchestrator.saga.SagaPolicy;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Saga state in the orchestrator's own database. Every saga it hands out runs by the configured definition and policy. */
@Repository
public class Sagas {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt", "id");

    private final SagaRepository sagas;
    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;
    private final SagaDefinition definition;
    private final SagaPolicy policy;

    public Sagas(
            SagaRepository sagas,
            EntityManager entityManager,
            JdbcTemplate jdbc,
            SagaDefinition definition,
            SagaPolicy policy) {
        this.sagas = sagas;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.definition = definition;
        this.policy = policy;
    }

    /**
     * Stores a new saga now (not at commit); false if the order already has one (a redelivered or duplicated
     * OrderCreated). Two OrderCreated of one order share a partition, so they are never handled at once; if they
     * were, the unique order id would fail the second here, and its redelivery would find the first saga.
     */
    public boolean insertIfAbsent(OrderSagaInstance saga) {
        if (sagas.existsByOrderId(saga.orderId())) {
            return false;
        }
        sagas.saveAndFlush(saga);
        return true;
    }

    /**
     * Writes a changed saga now rather than at commit, so a concurrent change fails the version check here, before
     * its commands are sent and its metrics counted, and the row stays locked until the transaction ends.
     *
     * @throws org.springframework.dao.OptimisticLockingFailureException if another transaction changed it first (the
     *     message's batch rolls back, and the message is handled again on its own, on the new state)
     */
    public void save(OrderSagaInstance saga) {
        if (!entityManager.contains(saga)) {
            throw new IllegalArgumentException("Saga " + saga.id() + " was not loaded in this transaction");
        }
        // The saga is managed, so a flush writes it; a merge (save) would only copy it onto itself first.
        entityManager.flush();
    }

    public Optional<OrderSagaInstance> findById(UUID id) {
        return sagas.findById(id).map(this::withRules);
    }

    public Optional<OrderSagaInstance> findByOrderId(UUID orderId) {
        return sagas.findByOrderId(orderId).map(this::withRules);
    }

    /** Sagas whose deadline has passed, oldest first, read without locks. */
    public List<OrderSagaInstance> findDue(Instant now, int limit) {
        return sagas.findDue(now, Limit.of(limit)).stream().map(this::withRules).toList();
    }

    /**
     * Those of {@code ids} whose deadline has still passed, locked for this transaction; other instances skip them,
     * so a deadline fires once even with several orchestrators running.
     */
    public List<OrderSagaInstance> lockDue(List<UUID> ids, Instant now) {
        return sagas.lockDue(ids, now).stream().map(this::withRules).toList();
    }

    /**
     * Saves only the next deadline of sagas that are otherwise unchanged, in one JDBC batch. Deliberately past JPA:
     * the version stays, so a reply being handled at the same moment still saves its own change, and a saga that
     * changed meanwhile is skipped instead of failing the whole scan.
     */
    public void saveNextLooks(List<OrderSagaInstance> unchanged) {
        if (unchanged.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "UPDATE sagas SET deadline_at = ? WHERE id = ? AND version = ?",
                unchanged,
                unchanged.size(),
                (statement, saga) -> {
                    statement.setTimestamp(1, saga.deadline() == null ? null : Timestamp.from(saga.deadline()));
                    statement.setObject(2, saga.id());
                    statement.setLong(3, saga.version());
                });
    }

    /** Sagas in {@code status} that have not changed since {@code notChangedSince}: stuck or failed ones. */
    public List<OrderSagaInstance> findByStatus(Status status, Instant notChangedSince, int limit) {
        return sagas
                .findByStatusAndUpdatedAtLessThanEqualOrderByUpdatedAt(status, notChangedSince, Limit.of(limit))
                .stream()
                .map(this::withRules)
                .toList();
    }

    /** Newest first; one saga more than the page is read to learn whether another page follows. */
    public SagaQuery.Page findPage(SagaQuery query) {
        List<OrderSagaInstance> found = sagas.findBy(
                query.toSpecification(),
                fluent -> fluent.sortBy(NEWEST_FIRST).limit(query.size() + 1).all());
        List<OrderSagaInstance> page =
                found.stream().limit(query.size()).map(this::withRules).toList();
        SagaQuery.Cursor next = found.size() > query.size() ? SagaQuery.Cursor.of(page.get(page.size() - 1)) : null;
        return new SagaQuery.Page(page, next);
    }

    /** How many sagas are in each state; states without any are absent. */
    public Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Object[] row : sagas.countByStatus()) {
            counts.put((Status) row[0], (Long) row[1]);
        }
        return counts;
    }

    private OrderSagaInstance withRules(OrderSagaInstance saga) {
        return saga.useRules(definition, policy);
    }
}
