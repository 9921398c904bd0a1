package dev.sagaref.localrun;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster run from the machine's own binaries, with logical replication on: what the local run and the
 * tests use where there is no Docker. Clients connect over TCP on loopback as the superuser {@code postgres} (trust
 * auth).
 *
 * <p>PostgreSQL refuses to run as root. As root, the server runs in a user namespace of its own ({@code unshare
 * --user}): inside it the process is an unprivileged user, so PostgreSQL agrees to start, while the kernel still
 * sees root as the owner of its files. That works wherever root can write, including a checkout in a private (0700)
 * home directory that no other user can enter. Where user namespaces are disabled it falls back to the {@code
 * postgres} user through {@code runuser}, which needs a data directory that user can reach.
 */
public final class PostgresCluster {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final String INSTALL_HINT =
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian: apt-get install -y "
                    + "postgresql-15) or set PG_BIN to the directory that holds them.";

    /**
     * Room a cluster makes for sessions, replication and cached pages. PostgreSQL sizes its shared memory for sessions
     * and slots at start, used or not: an empty cluster took 45 MB PSS with {@link #SHARED_BY_TESTS}' room and 26 MB
     * with {@link #ONE_SERVICE}'s. Its page cache fills as the data grows, up to {@code shared_buffers}; the OS page
     * cache holds the rest just as well for databases this small.
     */
    public enum Capacity {
        /** The tests' one cluster: the databases, relays and slots of every module's integration tests. */
        SHARED_BY_TESTS(500, 200, 32),
        /**
         * One service's database: two instances' pools and relays, and the tools and tests that look in. 16 MB of
         * pages: at 50 sagas/s the orchestrator's cluster grew to 59 MB PSS with 32 MB, 47 MB with 16 MB, at the same
         * throughput (docs/footprint.md).
         */
        ONE_SERVICE(100, 20, 16);

        private final int connections;
        private final int replicationSlots;
        private final int sharedBuffersMegabytes;

        Capacity(int connections, int replicationSlots, int sharedBuffersMegabytes) {
            this.connections = connections;
            this.replicationSlots = replicationSlots;
            this.sharedBuffersMegabytes = sharedBuffersMegabytes;
        }

        /**
         * Given on the command line, so a cluster made with other room starts with this one. No logical replication
         * workers: they apply subscriptions, which no cluster here has (Debezium reads through a WAL sender), and
         * with none allowed PostgreSQL does not start their launcher, one idle process less per cluster.
         */
        String serverOptions() {
            return ("-c max_connections=%d -c max_wal_senders=%d -c max_replication_slots=%d -c shared_buffers=%dMB"
                            + " -c max_logical_replication_workers=0")
                    .formatted(connections, replicationSlots, replicationSlots, sharedBuffersMegabytes);
        }
    }

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;

    private PostgresCluster(Path binaries, Path dataDirectory, int port) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts the cluster in {@code dataDirectory}, creating it first if it does not exist yet.
     *
     * @param throwaway true for test clusters: no fsync, because nothing needs to survive a crash
     */
    public static PostgresCluster start(Path dataDirectory, int port, boolean throwaway) {
        return start(dataDirectory, port, throwaway, Capacity.SHARED_BY_TESTS);
    }

    /** As {@link #start(Path, int, boolean)}, with {@code capacity}'s room for sessions, slots and cached pages. */
    public static PostgresCluster start(Path dataDirectory, int port, boolean throwaway, Capacity capacity) {
        Path binaries = findBinaries().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        PostgresCluster cluster = new PostgresCluster(binaries, dataDirectory.toAbsolutePath(), port);
        try {
            if (!Files.exists(cluster.dataDirectory.resolve("PG_VERSION"))) {
                cluster.initialize(throwaway);
            } else {
                cluster.takeOwnership();
            }
            cluster.run(cluster.asServerUser(
                    binaries.resolve("pg_ctl").toString(),
                    "-D",
                    cluster.dataDirectory.toString(),
                    "-l",
                    cluster.dataDirectory.resolve("server.log").toString(),
                    "-o",
                    "-p " + port + " " + capacity.serverOptions(),
                    "-w",
                    "start"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cluster;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabaseIfMissing(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet result = exists.executeQuery()) {
                    if (result.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    /**
     * A service's database with least privilege: {@code <db>_service} owns the database (so its schema, where Flyway
     * creates the tables) and nothing else, and may connect to no other database; {@code <db>_relay} may only log in
     * to it, replicate and mark the stream (see docs/security.md). A database made by an earlier version, owned by the
     * superuser, is handed over to its service role with everything in it.
     */
    public void createServiceDatabaseIfMissing(String database) {
        String owner = serviceRole(database);
        String relay = relayRole(database);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement sql = connection.createStatement()) {
            createRoleIfMissing(sql, owner, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
            createRoleIfMissing(sql, relay, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION");
            createDatabaseIfMissing(database);
            sql.execute("ALTER DATABASE " + database + " OWNER TO " + owner);
            // Every role may connect to every database unless told otherwise.
            sql.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
            sql.execute("GRANT CONNECT ON DATABASE " + database + " TO " + relay);
            // The relay's start mark (ChangeDataCapture.markStreamPosition); only superusers may run it otherwise.
            sql.execute("GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO " + relay);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up database " + database + " and its roles", e);
        }
        handOverTo(owner, database);
    }

    /** The role a service connects and migrates as. */
    public static String serviceRole(String database) {
        return identifier(database) + "_service";
    }

    /** The role a service's Debezium relay replicates as. */
    public static String relayRole(String database) {
        return identifier(database) + "_relay";
    }

    private static void createRoleIfMissing(Statement sql, String role, String attributes) throws SQLException {
        try (ResultSet exists = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
            if (exists.next()) {
                return;
            }
        }
        sql.execute("CREATE ROLE " + role + " " + attributes + " PASSWORD '" + PASSWORD + "'");
    }

    /** Tables, sequences and the publication an earlier version made as the superuser become the owner's. */
    private void handOverTo(String owner, String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
                Statement sql = connection.createStatement()) {
            sql.execute("""
                    DO $$
                    DECLARE object record;
                    BEGIN
                      FOR object IN SELECT c.relname, c.relkind FROM pg_class c
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')
                            AND pg_get_userbyid(c.relowner) <> '%1$s'
                            -- an identity column's sequence belongs to its table and follows its owner
                            AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                          LOOP
                        EXECUTE format('ALTER %%s public.%%I OWNER TO %1$s',
                            CASE object.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
                            object.relname);
                      END LOOP;
                      FOR object IN SELECT pubname FROM pg_publication
                          WHERE pg_get_userbyid(pubowner) <> '%1$s' LOOP
                        EXECUTE format('ALTER PUBLICATION %%I OWNER TO %1$s', object.pubname);
                      END LOOP;
                    END $$""".formatted(owner));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand database " + database + " over to " + owner, e);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        return name;
    }

    /** The server's main process; its backends are its children. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fast shutdown: active transactions are rolled back, committed data is safe. */
    public void stop() {
        try {
            run(asServerUser(
                    binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "fast", "stop"));
        } catch (RuntimeException e) {
            // Not running any more.
        }
    }

    /** Immediate shutdown: no checkpoint and every session cut, as in a crash; the next start replays the WAL. */
    public void crashImmediately() {
        run(asServerUser(
                binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "immediate", "stop"));
    }

    private void initialize(boolean throwaway) throws IOException {
        Files.createDirectories(dataDirectory);
        takeOwnership();
        List<String> initdb = new ArrayList<>(List.of(
                binaries.resolve("initdb").toString(),
                "-D",
                dataDirectory.toString(),
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8"));
        if (throwaway) {
            initdb.add("--no-sync");
        }
        run(asServerUser(initdb.toArray(String[]::new)));
        List<String> settings = new ArrayList<>(List.of(
                "",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dataDirectory + "'",
                "wal_level = logical",
                // A relay that stops must not fill the disk: PostgreSQL invalidates a slot that falls this far behind.
                "max_slot_wal_keep_size = 2GB"));
        if (throwaway) {
            // Never synchronous_commit=off with CDC: the WAL sender ships only flushed WAL.
            settings.addAll(List.of("fsync = off", "full_page_writes = off"));
        }
        settings.add("");
        Files.writeString(
                dataDirectory.resolve("postgresql.conf"),
                String.join("\n", settings),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    public static Optional<Path> findBinaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Optional.of(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The user the server's files must belong to: root's own in a user namespace, else {@code postgres}. */
    private void takeOwnership() {
        if (!runningAsRoot()) {
            return;
        }
        String owner = UserNamespaces.AVAILABLE ? "root:root" : "postgres:postgres";
        // Clusters made by earlier versions of the launcher belong to postgres; hand them over rather than fail.
        run(List.of("chown", "-R", owner, dataDirectory.toString()));
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(
                    UserNamespaces.AVAILABLE
                            ? List.of("unshare", "--user", "--")
                            : List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Whether this machine lets root start a process in a new user namespace; asked once per JVM. */
    private static final class UserNamespaces {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                Process probe = new ProcessBuilder("unshare", "--user", "--", "true")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void run(List<String> command) {
        try {
            // initdb and pg_ctl change into their working directory, which the server user may not be able to
            // enter (a checkout in a private home directory); every path given to them is absolute.
            Process process = new ProcessBuilder(command)
                    .directory(new File("/"))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + output
                        + "\nServer log: " + dataDirectory.resolve("server.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
