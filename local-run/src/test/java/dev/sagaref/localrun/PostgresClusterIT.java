package dev.sagaref.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster behind {@code ./run-local} and the tests, in a directory only its owner may enter: the case of a
 * checkout in a private home directory ({@code /root} or any 0700 home), where the {@code postgres} user cannot
 * follow.
 */
class PostgresClusterIT {

    private Path privateHome;
    private PostgresCluster cluster;

    @BeforeEach
    void createPrivateHome() throws IOException {
        privateHome = Files.createTempDirectory(
                "private-home-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void removePrivateHome() {
        if (cluster != null) {
            cluster.stop();
        }
        LocalStack.deleteDirectory(privateHome);
    }

    @Test
    void startsInADirectoryNoOtherUserCanEnterAndKeepsItsDataAcrossRestarts() throws Exception {
        Path dataDirectory = privateHome.resolve("checkout/.local-run/postgres");
        int port = freePort();

        cluster = PostgresCluster.start(dataDirectory, port, false);
        cluster.createDatabaseIfMissing("orders");
        execute(cluster, "orders", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        assertThat(Files.getPosixFilePermissions(privateHome))
                .as("the test really runs in a private directory")
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(walLevel(cluster)).isEqualTo("logical");

        cluster.stop();
        cluster = PostgresCluster.start(dataDirectory, port, false);

        assertThat(queryInt(cluster, "orders", "SELECT id FROM kept")).isEqualTo(42);
    }

    private static String walLevel(PostgresCluster cluster) throws SQLException {
        try (Connection connection = connect(cluster, "postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW wal_level")) {
            result.next();
            return result.getString(1);
        }
    }

    private static void execute(PostgresCluster cluster, String database, String sql) throws SQLException {
        try (Connection connection = connect(cluster, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int queryInt(PostgresCluster cluster, String database, String sql) throws SQLException {
        try (Connection connection = connect(cluster, database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static Connection connect(PostgresCluster cluster, String database) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(database), PostgresCluster.USER, PostgresCluster.PASSWORD);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
