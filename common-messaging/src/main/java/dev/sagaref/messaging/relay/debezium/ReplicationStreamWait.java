package dev.sagaref.messaging.relay.debezium;

import io.debezium.connector.postgresql.PostgresStreamingChangeEventSource;
import io.debezium.jdbc.JdbcConnection;
import io.debezium.util.DelayStrategy;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutorBase;

/**
 * The pause of Debezium's streaming thread when the replication stream is empty: it waits on the replication
 * connection's socket until the server sends something, instead of sleeping. PostgreSQL's WAL sender sends a change
 * as soon as its transaction is flushed, so the thread wakes once per change and not in between; with nothing to
 * send, it wakes after {@code maxWait} for Debezium's own chores (heartbeats, status updates, stopping).
 *
 * <p>The wait peeks at the driver's own buffered input, so whatever arrives stays there for Debezium's next read.
 * Only the streaming thread reads the connection; the offset flusher only writes to it.
 */
final class ReplicationStreamWait implements DelayStrategy {

    private static final Field REPLICATION_CONNECTION =
            PrivateFields.find(PostgresStreamingChangeEventSource.class, "replicationConnection");
    private static final Field DRIVER_STREAM = PrivateFields.find(QueryExecutorBase.class, "pgStream");

    private final PostgresStreamingChangeEventSource source;
    private final int maxWaitMillis;

    private Connection connection;
    private PGStream stream;

    ReplicationStreamWait(PostgresStreamingChangeEventSource source, Duration maxWait) {
        this.source = source;
        this.maxWaitMillis = (int) Math.max(1, maxWait.toMillis());
    }

    @Override
    public boolean sleepWhen(boolean criteria) {
        if (!criteria) {
            return false;
        }
        try {
            PGStream replication = replicationStream();
            if (replication != null) {
                awaitData(replication);
                return true;
            }
        } catch (IOException | SQLException | RuntimeException e) {
            // Debezium's next read of the stream reports a broken connection.
        }
        sleepBriefly();
        return true;
    }

    /** Returns when the server has sent something, or after {@code maxWait}. */
    private void awaitData(PGStream replication) throws IOException {
        int timeoutBefore = replication.getNetworkTimeout();
        replication.setNetworkTimeout(maxWaitMillis);
        try {
            replication.peekChar();
        } catch (SocketTimeoutException nothingCame) {
            // Debezium's chores run before the next wait.
        } finally {
            replication.setNetworkTimeout(timeoutBefore);
        }
    }

    /**
     * The driver stream of the replication connection, looked up again when Debezium has reconnected; null while the
     * connection is closed. Asking Debezium for a closed connection would open a new one, from the wrong thread.
     */
    private PGStream replicationStream() throws SQLException {
        JdbcConnection replicationConnection = (JdbcConnection) PrivateFields.read(REPLICATION_CONNECTION, source);
        if (!replicationConnection.isConnected()) {
            return null;
        }
        Connection current = replicationConnection.connection();
        if (current != connection) {
            QueryExecutorBase executor =
                    (QueryExecutorBase) current.unwrap(BaseConnection.class).getQueryExecutor();
            stream = (PGStream) PrivateFields.read(DRIVER_STREAM, executor);
            connection = current;
        }
        return stream;
    }

    private void sleepBriefly() {
        try {
            Thread.sleep(Math.min(maxWaitMillis, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
