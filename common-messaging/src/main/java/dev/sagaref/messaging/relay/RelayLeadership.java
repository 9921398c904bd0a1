package dev.sagaref.messaging.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * Makes exactly one instance per database the active relay. Every instance tries to take a PostgreSQL session-level
 * advisory lock on a dedicated connection; the holder runs the relay, the others stand by and retry every
 * {@code checkInterval}. When the holder dies its session ends, PostgreSQL releases the lock, and a standby takes
 * over at its next check. The same connection is the holder's lifeline: if it breaks, the holder stops relaying
 * before another instance can start, so two relays never run at once.
 *
 * <p>A hand-written loop rather than a scheduling-lock library because leadership here is a long-lived session
 * property, which is exactly what an advisory lock is; leases in a table would add clock skew and renewal traffic.
 */
public class RelayLeadership implements SmartLifecycle {

    public enum Role {
        STOPPED,
        STANDBY,
        ACTIVE
    }

    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);
    /** Advisory locks are scoped to one database, so one constant key serves every service. */
    private static final long LOCK_KEY = 0x0_5a6a_0_7e1a_9L;

    /** The lock connection's {@code application_name}: this prefix, then host name and process id. */
    public static final String LOCK_HOLDER_PREFIX = "outbox-relay-lock:";

    private static final String INSTANCE = System.getenv().getOrDefault("HOSTNAME", "localhost") + ":"
            + ProcessHandle.current().pid();

    private final JdbcConnectionDetails database;
    private final OutboxRelay relay;
    private final Duration checkInterval;
    private final Duration restartBackoff;
    private final Clock clock;

    private ScheduledExecutorService scheduler;
    private volatile Connection lockConnection;
    private volatile Role role = Role.STOPPED;
    private volatile boolean stopping;
    private volatile Instant activeSince;
    private Instant nextStartAttempt = Instant.MIN;

    public RelayLeadership(
            JdbcConnectionDetails database,
            OutboxRelay relay,
            Duration checkInterval,
            Duration restartBackoff,
            Clock clock) {
        this.database = database;
        this.relay = relay;
        this.checkInterval = checkInterval;
        this.restartBackoff = restartBackoff;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        role = Role.STANDBY;
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay-leadership");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        stopping = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        stepDown("shutting down");
        role = Role.STOPPED;
    }

    @Override
    public boolean isRunning() {
        return role != Role.STOPPED;
    }

    /** Late in start-up, early in shutdown: the relay should stop after listeners and before the data source. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    public Role role() {
        return role;
    }

    public Instant activeSince() {
        return activeSince;
    }

    public OutboxRelay relay() {
        return relay;
    }

    private void check() {
        if (stopping) {
            return;
        }
        try {
            if (lockConnection == null) {
                tryToLead();
            } else if (!lockConnection.isValid((int) Math.max(1, checkInterval.toSeconds()))) {
                stepDown("lost the connection that holds the relay lock");
            }
            if (role == Role.ACTIVE && !relay.isRunning() && !clock.instant().isBefore(nextStartAttempt)) {
                nextStartAttempt = clock.instant().plus(restartBackoff);
                log.info("Starting the {} outbox relay", relay.mode());
                relay.start();
            }
        } catch (RuntimeException | SQLException e) {
            log.warn("Relay leadership check failed: {}", e.getMessage());
            stepDown("leadership check failed");
        }
    }

    private void tryToLead() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.getUsername());
        properties.setProperty("password", database.getPassword() == null ? "" : database.getPassword());
        // Shows in pg_stat_activity which instance holds the lock, i.e. which one is the active relay.
        properties.setProperty("ApplicationName", LOCK_HOLDER_PREFIX + INSTANCE);
        // If this instance vanishes from the network, the server notices within about 25 s and frees the lock, so a
        // standby can take over; without keepalives a half-open session could hold it for hours.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty(
                "options", "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3");
        Connection connection = DriverManager.getConnection(database.getJdbcUrl(), properties);
        boolean locked;
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                locked = result.next() && result.getBoolean(1);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        if (!locked || stopping) {
            connection.close();
            return;
        }
        lockConnection = connection;
        role = Role.ACTIVE;
        activeSince = clock.instant();
        nextStartAttempt = Instant.MIN;
        log.info("This instance holds the relay lock and is now the active {} relay", relay.mode());
    }

    private void stepDown(String reason) {
        boolean wasActive = role == Role.ACTIVE;
        if (wasActive) {
            log.warn("Stepping down as active relay: {}", reason);
            relay.stop();
        }
        if (lockConnection != null) {
            try {
                lockConnection.close();
            } catch (SQLException e) {
                log.debug("Closing the relay lock connection failed", e);
            }
            lockConnection = null;
        }
        activeSince = null;
        if (role != Role.STOPPED) {
            role = Role.STANDBY;
        }
    }
}
