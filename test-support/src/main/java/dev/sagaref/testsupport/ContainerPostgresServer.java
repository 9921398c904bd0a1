package dev.sagaref.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container, where Docker runs: the same server settings as the local one. */
final class ContainerPostgresServer extends PostgresServer {

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    static ContainerPostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand(
                        "postgres",
                        "-c",
                        "wal_level=logical",
                        "-c",
                        "max_replication_slots=200",
                        "-c",
                        "max_wal_senders=200",
                        "-c",
                        "max_connections=500",
                        "-c",
                        "fsync=off");
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }
}
