package dev.sagaref.chaos;

import dev.sagaref.localrun.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL against the services' databases, as an operator with psql would look: rows of strings. */
final class Databases {

    private final LocalStack stack;

    Databases(LocalStack stack) {
        this.stack = stack;
    }

    /** Every row of the query, its columns in order, as text. */
    List<List<String>> rows(String module, String sql) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(module), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(module + ": " + sql, e);
        }
    }

    /**
     * The process id of the service instance that holds the relay's advisory lock in its database now: the one that
     * relays. Its lock connection is named {@code outbox-relay-lock:<host>:<pid>} (RelayLeadership in
     * common-messaging); both views are cluster-wide, hence the filter on the database.
     */
    long activeRelayPid(String module) {
        List<List<String>> holders = rows(module, """
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
                  AND a.application_name LIKE 'outbox-relay-lock:%'""");
        if (holders.size() != 1) {
            throw new IllegalStateException(module + " has " + holders.size() + " active relays: " + holders);
        }
        String name = holders.get(0).get(0);
        return Long.parseLong(name.substring(name.lastIndexOf(':') + 1));
    }

    /** How far each replication slot's confirmed position is behind the server's WAL head, in bytes. */
    List<List<String>> slotLag() {
        return rows("order-service", """
                SELECT slot_name, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), -1)::bigint
                FROM pg_replication_slots ORDER BY slot_name""");
    }
}
