package dev.sagaref.messaging.relay.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.messaging.config.MessagingProperties;
import io.debezium.config.Configuration;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

class HandOverPostgresConnectorTaskTest {

    @Test
    void relaySettingsPickTheHandOverTaskWithQueuesOfOneAndTheConfiguredBatchSize() {
        MessagingProperties.Debezium settings = new MessagingProperties.Debezium();
        settings.setMaxBatchSize(42);
        settings.setStreamWait(Duration.ofMillis(750));

        Properties engine = DebeziumEngineSettings.of(
                new Database(), new ChangeDataCapture(null, "outbox_publication", "outbox_orders"), settings);

        assertThat(engine.getProperty("connector.class")).isEqualTo(HandOverPostgresConnector.class.getName());
        assertThat(new HandOverPostgresConnector().taskClass()).isEqualTo(HandOverPostgresConnectorTask.class);
        assertThat(engine.getProperty("max.batch.size")).isEqualTo("1");
        assertThat(engine.getProperty(HandOverPostgresConnectorTask.MAX_HAND_OVER))
                .isEqualTo("42");
        assertThat(engine.getProperty(HandOverPostgresConnectorTask.STREAM_WAIT))
                .isEqualTo("750");
    }

    /**
     * Loading the task looks up the Debezium internals it waits on (the queue's lock and signal, the streaming
     * thread's pause); a Debezium upgrade that renamed them fails here, not in a running relay.
     */
    @Test
    void findsDebeziumsQueueInternalsAndRefusesAQueueThatWaitsForBatches() {
        HandOverPostgresConnectorTask task = new HandOverPostgresConnectorTask();

        assertThatThrownBy(() -> task.start(Configuration.from(Map.of("max.batch.size", "100"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.batch.size=1");
    }

    /**
     * The streaming thread's wait reaches Debezium's replication connection and the driver's stream under it; a
     * Debezium or driver upgrade that renamed them fails here.
     */
    @Test
    void findsTheReplicationConnectionTheStreamingThreadWaitsOn() {
        assertThatCode(() -> Class.forName(
                        ReplicationStreamWait.class.getName(), true, getClass().getClassLoader()))
                .doesNotThrowAnyException();
    }

    private static final class Database implements JdbcConnectionDetails {
        @Override
        public String getUsername() {
            return "orders";
        }

        @Override
        public String getPassword() {
            return "secret";
        }

        @Override
        public String getJdbcUrl() {
            return "jdbc:postgresql://localhost:5432/orders";
        }
    }
}
