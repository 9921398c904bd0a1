package dev.sagaref.orchestrator.saga.persistence;

import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.EndedStep;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.orchestrator.saga.SagaDefinition;
import dev.sagaref.orchestrator.saga.SagaPolicy;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
        appendEndedSteps(saga);
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
        // After the saga's row: a change that lost the race has failed on the version check by now.
        appendEndedSteps(saga);
    }

    /**
     * Appends the steps the saga ended to {@code saga_steps}, in one JDBC batch. Deliberately past JPA: the rows are
     * written once and never changed, and as an entity each went through Hibernate's cascade, persist and insert
     * machinery, which cost more than the timeline's JSON did before (docs/persistence.md).
     */
    private void appendEndedSteps(OrderSagaInstance saga) {
        List<EndedStep> ended = saga.takeStepsEnded();
        if (ended.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO saga_steps (saga_id, position, name, status, attempts, started_at, ended_at, initiated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, ended, ended.size(), (statement, endedStep) -> {
            TimelineEntry step = endedStep.step();
            statement.setObject(1, saga.id());
            statement.setInt(2, endedStep.position());
            statement.setString(3, step.name());
            statement.setString(4, step.status());
            statement.setInt(5, step.attempts());
            statement.setObject(6, step.startedAt().atOffset(ZoneOffset.UTC));
            statement.setObject(7, step.endedAt().atOffset(ZoneOffset.UTC));
            statement.setString(8, step.initiatedBy());
        });
    }

    /**
     * Reads the ended steps of these sagas, in one query, so their whole timelines can be shown. Call it before
     * changing them.
     */
    public List<OrderSagaInstance> withTimelines(List<OrderSagaInstance> found) {
        if (found.isEmpty()) {
            return found;
        }
        Object[] ids = found.stream().map(OrderSagaInstance::id).toArray();
        Map<UUID, List<TimelineEntry>> stepsBySaga = new HashMap<>();
        jdbc.query(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement("""
                            SELECT saga_id, name, status, attempts, started_at, ended_at, initiated_by FROM saga_steps
                            WHERE saga_id = ANY (?) ORDER BY saga_id, position
                            """);
                    statement.setArray(1, connection.createArrayOf("uuid", ids));
                    return statement;
                },
                (ResultSet row) -> {
                    stepsBySaga
                            .computeIfAbsent(row.getObject(1, UUID.class), saga -> new ArrayList<>())
                            .add(new TimelineEntry(
                                    row.getString(2),
                                    row.getString(3),
                                    row.getInt(4),
                                    row.getObject(5, OffsetDateTime.class).toInstant(),
                                    row.getObject(6, OffsetDateTime.class).toInstant(),
                                    row.getString(7)));
                });
        found.forEach(saga -> saga.withEndedSteps(stepsBySaga.getOrDefault(saga.id(), List.of())));
        return found;
    }

    public OrderSagaInstance withTimeline(OrderSagaInstance saga) {
        return withTimelines(List.of(saga)).get(0);
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
