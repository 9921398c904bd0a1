package dev.sagaref.orchestrator.saga.persistence;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.orchestrator.saga.OrderSagaData;
import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.orchestrator.saga.SagaDefinition;
import dev.sagaref.orchestrator.saga.SagaPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saga state in the orchestrator's own database. */
@Repository
public class Sagas {

    private static final String COLUMNS =
            "id, order_id, status, step_index, attempts, deadline_at, gives_up_at, rejection_reason, data, timeline, "
                    + "version, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final SagaDefinition definition;
    private final SagaPolicy policy;

    public Sagas(JdbcClient jdbc, JdbcTemplate jdbcTemplate, SagaDefinition definition, SagaPolicy policy) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.definition = definition;
        this.policy = policy;
    }

    /** Stores a new saga; false if the order already has one (a redelivered or duplicated OrderCreated). */
    public boolean insertIfAbsent(OrderSagaInstance saga, Instant now, String traceparent) {
        return jdbc.sql("""
                                INSERT INTO sagas (%s, traceparent)
                                VALUES (:id, :orderId, :status, :stepIndex, :attempts, :deadline, :givesUpAt, :reason,
                                        CAST(:data AS json), CAST(:timeline AS json), 0, :now, :now, :traceparent)
                                ON CONFLICT (order_id) DO NOTHING
                                """.formatted(COLUMNS))
                        .param("id", saga.id())
                        .param("orderId", saga.orderId())
                        .param("status", saga.status().name())
                        .param("stepIndex", saga.stepIndex())
                        .param("attempts", saga.attempts())
                        .param("deadline", timestamp(saga.deadline()))
                        .param("givesUpAt", timestamp(saga.givesUpAt()))
                        .param("reason", saga.rejectionReason())
                        .param("data", JsonCodec.write(saga.data()))
                        .param("timeline", JsonCodec.write(saga.timeline()))
                        .param("now", Timestamp.from(now))
                        .param("traceparent", traceparent)
                        .update()
                == 1;
    }

    /**
     * Saves a changed saga, and the trace it was advanced in unless that is null; throws if another transaction
     * changed it first (the caller then retries).
     */
    public void update(OrderSagaInstance saga, Instant now, String traceparent) {
        int updated = jdbc.sql("""
                        UPDATE sagas SET status = :status, step_index = :stepIndex, attempts = :attempts,
                               deadline_at = :deadline, gives_up_at = :givesUpAt, rejection_reason = :reason,
                               timeline = CAST(:timeline AS json),
                               version = version + 1, updated_at = :now,
                               traceparent = COALESCE(:traceparent, traceparent)
                        WHERE id = :id AND version = :version
                        """)
                .param("id", saga.id())
                .param("version", saga.version())
                .param("status", saga.status().name())
                .param("stepIndex", saga.stepIndex())
                .param("attempts", saga.attempts())
                .param("deadline", timestamp(saga.deadline()))
                .param("givesUpAt", timestamp(saga.givesUpAt()))
                .param("reason", saga.rejectionReason())
                .param("timeline", JsonCodec.write(saga.timeline()))
                .param("now", Timestamp.from(now))
                .param("traceparent", traceparent)
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("Saga " + saga.id() + " was changed concurrently");
        }
    }

    /** The trace the saga was last advanced in, or null if it never ran inside one. */
    public String traceparentOf(UUID sagaId) {
        return jdbc.sql("SELECT traceparent FROM sagas WHERE id = ?")
                .param(sagaId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    public Optional<OrderSagaInstance> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sagas WHERE id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    public Optional<OrderSagaInstance> findByOrderId(UUID orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sagas WHERE order_id = ?")
                .param(orderId)
                .query(this::map)
                .optional();
    }

    /** Sagas whose deadline has passed, oldest first, read without locks. */
    public List<OrderSagaInstance> findDue(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sagas WHERE deadline_at <= :now ORDER BY deadline_at LIMIT :limit")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /**
     * Those of {@code ids} whose deadline has still passed, locked for this transaction; other instances skip them,
     * so a deadline fires once even with several orchestrators running.
     */
    public List<OrderSagaInstance> lockDue(List<UUID> ids, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sagas WHERE id = ANY(:ids) AND deadline_at <= :now "
                        + "ORDER BY deadline_at FOR UPDATE SKIP LOCKED")
                .param("ids", ids.toArray(UUID[]::new))
                .param("now", Timestamp.from(now))
                .query(this::map)
                .list();
    }

    /**
     * Saves only the next deadline of sagas that are otherwise unchanged, in one round trip. The version stays, so a
     * reply being handled at the same moment still saves its own change; a saga that changed meanwhile is skipped.
     */
    public void saveNextLooks(List<OrderSagaInstance> unchanged) {
        if (unchanged.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate(
                "UPDATE sagas SET deadline_at = ? WHERE id = ? AND version = ?",
                unchanged,
                unchanged.size(),
                (statement, saga) -> {
                    statement.setTimestamp(1, timestamp(saga.deadline()));
                    statement.setObject(2, saga.id());
                    statement.setLong(3, saga.version());
                });
    }

    /** Sagas in {@code status} that have not changed since {@code notChangedSince}: stuck or failed ones. */
    public List<OrderSagaInstance> findByStatus(Status status, Instant notChangedSince, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sagas WHERE status = :status AND updated_at <= :since "
                        + "ORDER BY updated_at LIMIT :limit")
                .param("status", status.name())
                .param("since", Timestamp.from(notChangedSince))
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private OrderSagaInstance map(ResultSet row, int rowNumber) throws SQLException {
        Timestamp deadline = row.getTimestamp("deadline_at");
        Timestamp givesUpAt = row.getTimestamp("gives_up_at");
        return new OrderSagaInstance(
                row.getObject("id", UUID.class),
                JsonCodec.read(row.getString("data"), OrderSagaData.class),
                definition,
                policy,
                Status.valueOf(row.getString("status")),
                row.getInt("step_index"),
                row.getInt("attempts"),
                deadline == null ? null : deadline.toInstant(),
                givesUpAt == null ? null : givesUpAt.toInstant(),
                row.getString("rejection_reason"),
                List.of(JsonCodec.read(row.getString("timeline"), TimelineEntry[].class)),
                row.getLong("version"));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
