package dev.sagaref.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
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
        assertThat(setting(cluster, "wal_level")).isEqualTo("logical");

        cluster.stop();
        cluster = PostgresCluster.start(dataDirectory, port, false);

        assertThat(queryInt(cluster, "orders", "SELECT id FROM kept")).isEqualTo(42);
    }

    @Test
    void aServiceDatabaseFromAnEarlierVersionIsHandedOverToItsOwnRoleWhichCanEnterNoOther() throws Exception {
        cluster = PostgresCluster.start(privateHome.resolve("data"), freePort(), true);
        // As an earlier launcher left it: everything owned by the superuser.
        cluster.createDatabaseIfMissing("orders");
        execute(
                cluster,
                "orders",
                "CREATE TABLE orders (id int, number bigint GENERATED ALWAYS AS IDENTITY);"
                        + " CREATE SEQUENCE standalone; CREATE PUBLICATION outbox_publication FOR TABLE orders");

        cluster.createServiceDatabaseIfMissing("orders");
        cluster.createServiceDatabaseIfMissing("payments");
        cluster.createServiceDatabaseIfMissing("orders"); // again, as every later start does

        try (Connection orders = DriverManager.getConnection(cluster.jdbcUrl("orders"), "orders_service", "x");
                Statement sql = orders.createStatement()) {
            sql.execute("INSERT INTO orders (id) VALUES (1)");
            sql.execute("SELECT nextval('standalone')");
            try (ResultSet owners = sql.executeQuery("""
                    SELECT (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'orders'),
                           (SELECT pg_get_userbyid(pubowner) FROM pg_publication),
                           (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())""")) {
                owners.next();
                assertThat(List.of(owners.getString(1), owners.getString(2), owners.getString(3)))
                        .containsOnly("orders_service");
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(cluster.jdbcUrl("payments"), "orders_service", "x"))
                .hasMessageContaining("permission denied for database");
        try (Connection relay = DriverManager.getConnection(cluster.jdbcUrl("orders"), "orders_relay", "x");
                Statement sql = relay.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM orders"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aClusterMadeWithOtherRoomStartsWithTheRoomItIsGivenNow() throws Exception {
        Path dataDirectory = privateHome.resolve("data");
        int port = freePort();
        cluster = PostgresCluster.start(dataDirectory, port, true, PostgresCluster.Capacity.SHARED_BY_TESTS);
        assertThat(setting(cluster, "shared_buffers")).isEqualTo("32MB");
        cluster.stop();

        cluster = PostgresCluster.start(dataDirectory, port, true, PostgresCluster.Capacity.ONE_SERVICE);

        assertThat(setting(cluster, "shared_buffers")).isEqualTo("16MB");
        assertThat(setting(cluster, "max_connections")).isEqualTo("100");
        assertThat(setting(cluster, "max_replication_slots")).isEqualTo("20");
    }

    @Test
    void aClusterRunsNoLauncherForSubscriptions() throws Exception {
        cluster = PostgresCluster.start(
                privateHome.resolve("data"), freePort(), true, PostgresCluster.Capacity.ONE_SERVICE);

        assertThat(setting(cluster, "max_logical_replication_workers")).isEqualTo("0");
        try (Connection connection = connect(cluster, "postgres");
                Statement statement = connection.createStatement();
                ResultSet launchers = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE backend_type = 'logical replication launcher'")) {
            launchers.next();
            assertThat(launchers.getInt(1)).isZero();
        }
    }

    private static String setting(PostgresCluster cluster, String name) throws SQLException {
        try (Connection connection = connect(cluster, "postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
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
