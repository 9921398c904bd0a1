package dev.sagaref.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.testsupport.PostgresServer;
import dev.sagaref.testsupport.TestInfrastructure;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A database upgraded with messages still waiting in its outbox keeps each one's write time to the microsecond. */
class OutboxCreatedAtMigrationIT {

    @Test
    void rowsWaitingInTheOutboxKeepTheirWriteTimeAsEpochMicros() {
        PostgresServer postgres = TestInfrastructure.postgres();
        DriverManagerDataSource database = new DriverManagerDataSource(
                postgres.jdbcUrl(postgres.createDatabase()), postgres.username(), postgres.password());
        JdbcClient jdbc = JdbcClient.create(database);
        Flyway.configure()
                .dataSource(database)
                .target(MigrationVersion.fromVersion("0.2"))
                .load()
                .migrate();
        jdbc.sql("""
                        INSERT INTO outbox (id, topic, message_key, message_type, schema_version, correlation_id,
                                            created_at, payload)
                        VALUES (gen_random_uuid(), 't', 'k', 'ApproveOrder', 1, gen_random_uuid(),
                                '2026-12-07 19:40:01.123456+01', '{}')
                        """).update();

        Flyway.configure().dataSource(database).load().migrate();

        long micros = jdbc.sql("SELECT created_at_micros FROM outbox")
                .query(Long.class)
                .single();
        assertThat(EpochMicros.toInstant(micros)).isEqualTo(Instant.parse("2026-12-07T18:40:01.123456Z"));
    }
}
