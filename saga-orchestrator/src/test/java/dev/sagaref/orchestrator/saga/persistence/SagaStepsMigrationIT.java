package dev.sagaref.orchestrator.saga.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.testsupport.PostgresServer;
import dev.sagaref.testsupport.TestInfrastructure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Sagas stored with their timeline as JSON (schema 5) keep every step, to the microsecond, once the timeline becomes
 * rows: the ended steps in saga_steps, the running one in the saga's row.
 */
class SagaStepsMigrationIT {

    private static final Instant T0 = Instant.parse("2026-12-07T21:00:00.123456Z");

    private final DriverManagerDataSource database = freshDatabase();
    private final JdbcClient jdbc = JdbcClient.create(database);

    @Test
    void endedStepsBecomeRowsAndTheRunningStepMovesIntoTheSagasRow() {
        migrateTo(MigrationVersion.fromVersion("5"));
        TimelineEntry paid = new TimelineEntry("AuthorizePayment", "SUCCEEDED", 2, T0, T0.plusMillis(250));
        TimelineEntry outOfStock =
                new TimelineEntry("ReserveStock", "FAILED", 1, T0.plusMillis(250), T0.plusMillis(300));
        TimelineEntry refundFailed =
                new TimelineEntry("RefundPayment", "FAILED", 4, T0.plusMillis(300), T0.plusSeconds(300));
        TimelineEntry refundRetried =
                new TimelineEntry("RefundPayment", "STARTED", 1, T0.plusSeconds(900), null, "operator-1");
        UUID running = insertSaga("COMPENSATING", paid, outOfStock, refundFailed, refundRetried);
        UUID approved = insertSaga(
                "COMPLETED",
                paid,
                new TimelineEntry("ReserveStock", "SUCCEEDED", 1, T0.plusMillis(250), T0.plusMillis(260)));
        UUID justStarted = insertSaga("RUNNING", new TimelineEntry("AuthorizePayment", "STARTED", 1, T0, null));

        migrateTo(MigrationVersion.LATEST);

        assertThat(steps(running)).containsExactly(paid, outOfStock, refundFailed);
        assertThat(runningStep(running))
                .containsEntry("step_name", "RefundPayment")
                .containsEntry("step_started_at", T0.plusSeconds(900))
                .containsEntry("step_initiated_by", "operator-1")
                .containsEntry("ended_steps", 3);
        assertThat(steps(approved)).hasSize(2);
        assertThat(runningStep(approved)).containsEntry("step_name", null).containsEntry("ended_steps", 2);
        assertThat(steps(justStarted)).isEmpty();
        assertThat(runningStep(justStarted))
                .containsEntry("step_name", "AuthorizePayment")
                .containsEntry("step_started_at", T0)
                .containsEntry("ended_steps", 0);
    }

    private UUID insertSaga(String status, TimelineEntry... timeline) {
        UUID id = UUID.randomUUID();
        int attempts = timeline[timeline.length - 1].attempts();
        // The row as the orchestrator of schema 5 wrote it: the timeline by the messages' codec.
        jdbc.sql("""
                        INSERT INTO sagas (id, order_id, status, step_index, attempts, data, timeline, version,
                                           created_at, updated_at)
                        VALUES (?, gen_random_uuid(), ?, 0, ?, '{}', ?::json, 3, now(), now())
                        """)
                .params(id, status, attempts, JsonCodec.write(Arrays.asList(timeline)))
                .update();
        return id;
    }

    private List<TimelineEntry> steps(UUID sagaId) {
        return jdbc.sql("""
                        SELECT name, status, attempts, started_at, ended_at, initiated_by FROM saga_steps
                        WHERE saga_id = ? ORDER BY position
                        """)
                .param(sagaId)
                .query((row, i) -> new TimelineEntry(
                        row.getString(1),
                        row.getString(2),
                        row.getInt(3),
                        row.getObject(4, OffsetDateTime.class).toInstant(),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        row.getString(6)))
                .list();
    }

    private Map<String, Object> runningStep(UUID sagaId) {
        return jdbc.sql("SELECT step_name, step_started_at, step_initiated_by, ended_steps FROM sagas WHERE id = ?")
                .param(sagaId)
                .query((row, i) -> {
                    OffsetDateTime startedAt = row.getObject(2, OffsetDateTime.class);
                    Map<String, Object> columns = new HashMap<>();
                    columns.put("step_name", row.getString(1));
                    columns.put("step_started_at", startedAt == null ? null : startedAt.toInstant());
                    columns.put("step_initiated_by", row.getString(3));
                    columns.put("ended_steps", row.getInt(4));
                    return columns;
                })
                .single();
    }

    private void migrateTo(MigrationVersion version) {
        Flyway.configure().dataSource(database).target(version).load().migrate();
    }

    private static DriverManagerDataSource freshDatabase() {
        PostgresServer postgres = TestInfrastructure.postgres();
        return new DriverManagerDataSource(
                postgres.jdbcUrl(postgres.createDatabase()), postgres.username(), postgres.password());
    }
}
