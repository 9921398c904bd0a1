package dev.sagaref.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL started from the machine's own binaries, for machines without Docker. The cluster lives in a temporary
 * directory, listens on a free loopback port, and is removed when the JVM exits. PostgreSQL refuses to run as root,
 * so as root the server runs as the {@code postgres} user through {@code runuser}.
 */
final class LocalPostgresServer extends PostgresServer {

    private static final String INSTALL_HINT =
            "PostgreSQL server binaries (initdb, pg_ctl) were not found and Docker is not available. "
                    + "Install them (Debian: apt-get install -y postgresql-15), set PG_BIN to their directory, "
                    + "or run the tests where Docker runs.";

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;

    private LocalPostgresServer(Path binaries, Path dataDirectory, int port) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static LocalPostgresServer start() {
        Path binaries = findBinaries().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        try {
            Path dataDirectory = Files.createTempDirectory("sagaref-postgres-");
            int port = freePort();
            LocalPostgresServer server = new LocalPostgresServer(binaries, dataDirectory, port);
            server.initializeAndStart();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "stop-test-postgres"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    private void initializeAndStart() throws IOException {
        if (runningAsRoot()) {
            run(List.of("chown", "postgres:postgres", dataDirectory.toString()));
        }
        run(asServerUser(
                binaries.resolve("initdb").toString(),
                "-D",
                dataDirectory.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync"));
        String settings = String.join(
                "\n",
                "",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dataDirectory + "'",
                "wal_level = logical",
                "max_replication_slots = 200",
                "max_wal_senders = 200",
                "max_connections = 500",
                // Throwaway cluster: durability is not needed, speed is. Never synchronous_commit=off with CDC.
                "fsync = off",
                "full_page_writes = off",
                "");
        Files.writeString(
                dataDirectory.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        run(asServerUser(
                binaries.resolve("pg_ctl").toString(),
                "-D",
                dataDirectory.toString(),
                "-l",
                dataDirectory.resolve("server.log").toString(),
                "-w",
                "start"));
    }

    private void stopAndDelete() {
        try {
            run(asServerUser(
                    binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "immediate", "stop"));
        } catch (RuntimeException e) {
            // Already gone; nothing to stop.
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }

    static Optional<Path> findBinaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Optional.of(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparingInt(LocalPostgresServer::majorVersion));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
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

    private static List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
