package dev.sagaref.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running PostgreSQL server with logical replication enabled, reached as a superuser (who may create replication
 * slots). Each caller of {@link #createDatabase()} gets a database of its own.
 */
public abstract class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    public abstract String host();

    public abstract int port();

    public abstract String username();

    public abstract String password();

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Creates a fresh, empty database and returns its name. */
    public String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return name;
    }
}
