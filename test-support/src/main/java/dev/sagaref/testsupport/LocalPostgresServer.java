package dev.sagaref.testsupport;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.localrun.PostgresCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL from the machine's own binaries, for machines without Docker: a throwaway cluster in a temporary
 * directory on a free loopback port, removed when the JVM exits.
 */
final class LocalPostgresServer extends PostgresServer {

    private final PostgresCluster cluster;

    private LocalPostgresServer(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    static LocalPostgresServer start() {
        if (PostgresCluster.findBinaries().isEmpty()) {
            throw new IllegalStateException("Neither Docker nor PostgreSQL server binaries are available. Install "
                    + "PostgreSQL (Debian: apt-get install -y postgresql-15), set PG_BIN to its bin directory, or run "
                    + "the tests where Docker runs.");
        }
        try {
            Path dataDirectory = Files.createTempDirectory("sagaref-postgres-");
            PostgresCluster cluster = PostgresCluster.start(dataDirectory, freePort(), true);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                cluster.stop();
                                deleteQuietly(dataDirectory);
                            },
                            "stop-test-postgres"));
            return new LocalPostgresServer(cluster);
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
        return cluster.port();
    }

    @Override
    public String username() {
        return PostgresCluster.USER;
    }

    @Override
    public String password() {
        return PostgresCluster.PASSWORD;
    }

    private static void deleteQuietly(Path directory) {
        try {
            LocalStack.deleteDirectory(directory);
        } catch (RuntimeException e) {
            // Best effort: it is a temporary directory.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
