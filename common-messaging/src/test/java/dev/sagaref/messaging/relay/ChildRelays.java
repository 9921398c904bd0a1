package dev.sagaref.messaging.relay;

import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.testsupport.ChildJvm;
import dev.sagaref.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts relays as separate JVMs on the test's database, and tells which one holds the relay lock. */
final class ChildRelays {

    private final JdbcConnectionDetails database;
    private final JdbcClient jdbc;

    ChildRelays(JdbcConnectionDetails database, JdbcClient jdbc) {
        this.database = database;
        this.jdbc = jdbc;
    }

    ChildJvm start(String name, String mode) {
        return ChildJvm.start(
                name,
                MessagingTestApplication.class,
                List.of(
                        "--spring.datasource.url=" + database.getJdbcUrl(),
                        "--spring.datasource.username=" + database.getUsername(),
                        "--spring.datasource.password=" + database.getPassword(),
                        "--spring.kafka.bootstrap-servers="
                                + TestInfrastructure.kafka().bootstrapServers(),
                        "--spring.main.web-application-type=none",
                        "--messaging.relay.mode=" + mode,
                        "--messaging.relay.leader-check-interval=500ms"));
    }

    /** Process id of the JVM whose session holds the relay lock in this database, if any. */
    Optional<Long> activeRelayPid() {
        return jdbc.sql("""
                        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
                          AND a.application_name LIKE :prefix
                        """)
                .param("prefix", RelayLeadership.LOCK_HOLDER_PREFIX + "%")
                .query(String.class)
                .optional()
                .map(name -> Long.parseLong(name.substring(name.lastIndexOf(':') + 1)));
    }

    /** Waits until {@code relay} holds the lock; returns how long that took. */
    Duration awaitActive(ChildJvm relay, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!activeRelayPid().equals(Optional.of(relay.pid()))) {
            if (!relay.isAlive()) {
                throw new AssertionError(relay + " exited before becoming the active relay");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(relay + " did not become the active relay within " + timeout
                        + "; active pid is " + activeRelayPid());
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
