package dev.sagaref.messaging.relay.debezium;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Creates the publication and the replication slot for the outbox table when the service starts, before it can
 * write a single message. From then on PostgreSQL keeps every outbox insert in the WAL for this slot, even while no
 * relay is running, so messages written before the first relay starts (or while all relays are down) are not lost.
 * Doing this at start-up also lets Debezium stream from the slot without a snapshot.
 *
 * <p>The publication carries inserts only: rows deleted by {@link dev.sagaref.messaging.outbox.OutboxCleanup} never
 * reach the relay.
 */
public class ChangeDataCapture {

    private static final Logger log = LoggerFactory.getLogger(ChangeDataCapture.class);
    private static final String DUPLICATE_OBJECT = "42710";

    private final JdbcClient jdbc;
    private final JdbcClient replication;
    private final String publicationName;
    private final String slotName;

    /**
     * @param jdbc the service's own connections: the owner of the outbox table, who may publish it
     * @param replication connections as the role the relay replicates as, which alone may create a slot; the same as
     *     {@code jdbc} where one role does both
     */
    public ChangeDataCapture(JdbcClient jdbc, JdbcClient replication, String publicationName, String slotName) {
        this.jdbc = jdbc;
        this.replication = replication;
        this.publicationName = publicationName;
        this.slotName = slotName;
    }

    public ChangeDataCapture(JdbcClient jdbc, String publicationName, String slotName) {
        this(jdbc, jdbc, publicationName, slotName);
    }

    public void ensureCaptureExists() {
        createIfMissing(
                "publication " + publicationName,
                "SELECT count(*) FROM pg_publication WHERE pubname = ?",
                publicationName,
                () -> jdbc.sql("CREATE PUBLICATION " + identifier(publicationName)
                                + " FOR TABLE outbox WITH (publish = 'insert')")
                        .update());
        createIfMissing(
                "replication slot " + slotName,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?",
                slotName,
                () -> replication
                        .sql("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")
                        .param(identifier(slotName))
                        .query()
                        .listOfRows());
    }

    /**
     * Writes a logical decoding message (no table row, nothing the relay publishes) so that a relay resuming from a
     * saved position finds where to resume at once. Debezium only streams after it has seen the first transaction
     * past its saved position; without this the first outbox message after every start waited for that search and a
     * restart of the replication stream, 240-370 ms per service. The relay skips the message like a heartbeat.
     *
     * <p>PostgreSQL lets only superusers and roles granted EXECUTE on {@code pg_logical_emit_message} do this (the
     * launcher and the manifests grant it to the relay's role); without the right the relay still works, and the
     * first message after a start pays the search.
     */
    public void markStreamPosition() {
        try {
            replication
                    .sql("SELECT pg_logical_emit_message(true, 'sagaref.outbox-relay', 'started')")
                    .query()
                    .listOfRows();
        } catch (DataAccessException e) {
            log.debug("Could not mark the stream position; the relay resumes with the next change", e);
        }
    }

    public String slotName() {
        return slotName;
    }

    public String publicationName() {
        return publicationName;
    }

    /** Bytes of WAL the slot still holds back: how far the relay is behind. Null if the slot is gone. */
    public Long slotLagBytes() {
        return jdbc.sql("""
                        SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
                        FROM pg_replication_slots WHERE slot_name = ?
                        """).param(slotName).query(Long.class).optional().orElse(null);
    }

    private void createIfMissing(String what, String existsQuery, String name, Runnable create) {
        if (jdbc.sql(existsQuery).param(name).query(Integer.class).single() > 0) {
            return;
        }
        try {
            create.run();
            log.info("Created {}", what);
        } catch (DataAccessException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            // Another instance created it between our check and our create.
        }
    }

    private static boolean isDuplicate(DataAccessException e) {
        return e.getMostSpecificCause() instanceof java.sql.SQLException sql
                && DUPLICATE_OBJECT.equals(sql.getSQLState());
    }

    /** Slot and publication names come from configuration; allow only what PostgreSQL allows unquoted. */
    static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a valid slot or publication name: '" + name
                    + "' (use lower-case letters, digits and underscores)");
        }
        return name;
    }
}
