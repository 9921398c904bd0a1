package dev.sagaref.messaging.relay.debezium;

import dev.sagaref.messaging.config.MessagingProperties;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/** Builds the embedded engine's configuration from the service's own data source settings. */
public final class DebeziumEngineSettings {

    private DebeziumEngineSettings() {}

    public static Properties of(
            JdbcConnectionDetails database, ChangeDataCapture capture, MessagingProperties.Debezium settings) {
        Properties url = org.postgresql.Driver.parseURL(database.getJdbcUrl(), null);
        if (url == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + database.getJdbcUrl());
        }
        Properties p = new Properties();
        p.setProperty("name", capture.slotName());
        // Debezium's connector with a task that hands each change over as soon as it is queued (see the class).
        p.setProperty("connector.class", HandOverPostgresConnector.class.getName());
        p.setProperty("database.hostname", PGProperty.PG_HOST.getOrDefault(url));
        p.setProperty("database.port", PGProperty.PG_PORT.getOrDefault(url));
        p.setProperty("database.dbname", PGProperty.PG_DBNAME.getOrDefault(url));
        // The replication role where one is configured; offsets below stay with the service's own role.
        boolean ownRole = settings.getUsername() == null;
        String password = ownRole ? database.getPassword() : settings.getPassword();
        p.setProperty("database.user", ownRole ? database.getUsername() : settings.getUsername());
        p.setProperty("database.password", password == null ? "" : password);
        p.setProperty("topic.prefix", capture.slotName());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", capture.slotName());
        p.setProperty("publication.name", capture.publicationName());
        // ChangeDataCapture made both at start-up, with the slot in place before the first outbox write.
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("table.include.list", "public.outbox");
        p.setProperty("tombstones.on.delete", "false");
        // Debezium's own waits: its queue's, and the streaming thread's sleep until the task replaced it.
        p.setProperty(
                "poll.interval.ms", Long.toString(settings.getPollInterval().toMillis()));
        // Confirms the slot position regularly even when only other tables change, so WAL is not pinned.
        p.setProperty(
                "heartbeat.interval.ms",
                Long.toString(settings.getHeartbeatInterval().toMillis()));
        // Offsets live in the service's own database (table created by V0_1__messaging_tables.sql).
        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        p.setProperty("offset.storage.jdbc.connection.url", database.getJdbcUrl());
        p.setProperty("offset.storage.jdbc.connection.user", database.getUsername());
        p.setProperty(
                "offset.storage.jdbc.connection.password",
                database.getPassword() == null ? "" : database.getPassword());
        // Positions are saved on a timer, never before Kafka acknowledged the records they cover. Saving after every
        // batch was one extra transaction (and WAL for every slot to decode) per one or two messages at low load.
        p.setProperty(
                "offset.flush.interval.ms",
                Long.toString(settings.getOffsetFlushInterval().toMillis()));
        // Debezium's queue hands a batch over early only when it is full; batches of one never wait, and the task
        // takes whatever else is queued at that moment, up to the configured batch size.
        p.setProperty("max.batch.size", "1");
        p.setProperty(HandOverPostgresConnectorTask.MAX_HAND_OVER, Integer.toString(settings.getMaxBatchSize()));
        p.setProperty(
                HandOverPostgresConnectorTask.STREAM_WAIT,
                Long.toString(settings.getStreamWait().toMillis()));
        p.setProperty("errors.max.retries", "3");
        for (Map.Entry<String, String> extra : settings.getEngine().entrySet()) {
            p.setProperty(extra.getKey(), extra.getValue());
        }
        return p;
    }
}
