package dev.sagaref.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The PostgreSQL server and Kafka broker every integration test in this JVM shares, each started once, on first
 * use. With Docker they run in containers; without Docker, from local binaries and Maven artifacts. No test skips
 * itself: when neither way works, start-up fails with a message saying what to install.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

    private TestInfrastructure() {}

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            long started = System.nanoTime();
            postgres = useDocker() ? ContainerPostgresServer.start() : LocalPostgresServer.start();
            log.info(
                    "Test PostgreSQL ({}) on port {} in {} ms",
                    postgres.getClass().getSimpleName(),
                    postgres.port(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            long started = System.nanoTime();
            kafka = useDocker() ? KafkaBroker.startInContainer() : KafkaBroker.startInJvm();
            log.info("Test Kafka at {} in {} ms", kafka.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        }
        return kafka;
    }

    /**
     * Docker when it runs, unless {@code SAGAREF_TEST_INFRA=local} asks for the local way (useful to compare them);
     * {@code SAGAREF_TEST_INFRA=docker} insists on Docker.
     */
    private static boolean useDocker() {
        String choice = System.getenv().getOrDefault("SAGAREF_TEST_INFRA", "auto");
        return switch (choice) {
            case "local" -> false;
            case "docker" -> true;
            default -> DockerClientFactory.instance().isDockerAvailable();
        };
    }
}
