package dev.sagaref.messaging.relay.debezium;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's PostgreSQL connector whose task hands each change over as soon as it is queued ({@link
 * HandOverPostgresConnectorTask}). Everything else, the replication stream, offsets and configuration, is Debezium's.
 */
public class HandOverPostgresConnector extends PostgresConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return HandOverPostgresConnectorTask.class;
    }
}
