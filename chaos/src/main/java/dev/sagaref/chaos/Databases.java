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

    /**
     * How far each replication slot's confirmed position is behind its server's WAL head, in bytes: every service's
     * PostgreSQL, in the order of {@link LocalStack#SERVICES}.
     */
    List<List<String>> slotLag() {
        List<List<String>> slots = new ArrayList<>();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            slots.addAll(rows(service.module(), """
                    SELECT slot_name, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), -1)::bigint
                    FROM pg_replication_slots ORDER BY slot_name"""));
        }
        return slots;
    }

    /**
     * Writes about 4 MB of WAL into the service's database that its relay must read past: logical decoding messages,
     * which publish nothing (the relay skips them like its own start mark).
     */
    void writeWal(String module) {
        rows(module, """
                SELECT pg_logical_emit_message(false, 'sagaref.chaos', repeat('x', 1048576))
                FROM generate_series(1, 4)""");
    }
}
