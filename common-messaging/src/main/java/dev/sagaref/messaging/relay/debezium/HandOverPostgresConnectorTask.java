package dev.sagaref.messaging.relay.debezium;

import io.debezium.config.Configuration;
import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.connector.postgresql.PostgresStreamingChangeEventSource;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's PostgreSQL task with a poll that returns as soon as a change is queued, and takes whatever else is
 * queued by then, instead of waiting for a full batch or the end of the poll interval.
 *
 * <p>Why: Debezium's {@code ChangeEventQueue.poll()} (3.6) returns early only with a full batch ({@code
 * max.batch.size}); below that every change waits out the poll interval, and the wait ends in a busy loop through
 * its last millisecond. The poll interval is also how long the streaming thread sleeps when the replication stream
 * is empty, so no one interval was both prompt and cheap (docs/messaging.md). Here the queue is built with batches of
 * one, so its {@code poll()} never waits when a change is there, and this task waits on the queue's own signal,
 * which {@code enqueue} gives for every change once batches are of one. The streaming thread's sleep is replaced too:
 * it waits on the replication connection until the server sends the next change ({@link ReplicationStreamWait}).
 *
 * <p>The streaming metrics also get a last-event summary that costs nothing per event ({@link LastEventByTable}).
 *
 * <p>The queue's lock and signal and the streaming thread's pause are private to Debezium; they are looked up when
 * this class loads, and a Debezium version without them fails {@code HandOverPostgresConnectorTaskTest}.
 */
public class HandOverPostgresConnectorTask extends PostgresConnectorTask {

    private static final Logger log = LoggerFactory.getLogger(HandOverPostgresConnectorTask.class);

    /** Most records handed over at once; the engine's own {@code max.batch.size} must be 1. */
    public static final String MAX_HAND_OVER = "sagaref.max.hand.over";

    /** How long the streaming thread waits on an empty replication stream, in milliseconds. */
    public static final String STREAM_WAIT = "sagaref.stream.wait.ms";

    /**
     * How long a poll waits for a change before it hands over to Debezium's own poll, which waits up to one more poll
     * interval (at most 5 s) and then returns to the engine, which checks whether it should stop. The streaming
     * thread's failures surface there: Debezium reports them through the queue's poll.
     */
    private static final Duration RETURN_CONTROL = Duration.ofMillis(500);

    /**
     * While the streaming thread's pause is not replaced yet, polls return this often, so that it is replaced before
     * the streaming thread first pauses; for at most {@link #REPLACING_AT_MOST}, after which polls wait as usual and
     * surface a failed start of the streaming thread.
     */
    private static final Duration WHILE_REPLACING = Duration.ofMillis(5);

    private static final Duration REPLACING_AT_MOST = Duration.ofSeconds(10);

    private static final Field TASK_QUEUE = PrivateFields.find(PostgresConnectorTask.class, "queue");
    private static final Field QUEUE_LOCK = PrivateFields.find(ChangeEventQueue.class, "lock");
    private static final Field QUEUE_SIGNAL = PrivateFields.find(ChangeEventQueue.class, "isFull");
    private static final Field STREAMING_SOURCE =
            PrivateFields.find(ChangeEventSourceCoordinator.class, "streamingSource");
    private static final Field STREAMING_PAUSE =
            PrivateFields.find(PostgresStreamingChangeEventSource.class, "pauseNoMessage");

    private ChangeEventQueue<?> queue;
    private Lock queueLock;
    /** Signalled by every enqueue while batches are of one record. */
    private Condition changeQueued;

    private int maxHandOver;

    private ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator;
    private Duration streamWait;
    /** False once the streaming thread's sleep could not be replaced: it then keeps Debezium's sleep. */
    private boolean replacePause;
    /**
     * The streaming source whose pause was replaced, null until then; Debezium may create another (catch-up
     * streaming).
     */
    private Object pausedSource;

    private long replacingUntilNanos;

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        if (config.getInteger("max.batch.size", 0) != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs max.batch.size=1");
        }
        maxHandOver = config.getInteger(MAX_HAND_OVER, 100);
        streamWait = Duration.ofMillis(config.getLong(STREAM_WAIT, 500L));
        replacePause = true;
        pausedSource = null;
        replacingUntilNanos = System.nanoTime() + REPLACING_AT_MOST.toNanos();
        coordinator = super.start(config);
        LastEventByTable.useFor(coordinator);
        queue = (ChangeEventQueue<?>) PrivateFields.read(TASK_QUEUE, this);
        queueLock = (Lock) PrivateFields.read(QUEUE_LOCK, queue);
        changeQueued = (Condition) PrivateFields.read(QUEUE_SIGNAL, queue);
        return coordinator;
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        boolean replacing = false;
        if (replacePause) {
            replaceStreamingPause();
            replacing = pausedSource == null && System.nanoTime() < replacingUntilNanos;
        }
        if (awaitChange(replacing ? WHILE_REPLACING : RETURN_CONTROL)) {
            return takeQueued();
        }
        // Debezium's own poll returns at once, after one poll interval, or with the streaming thread's failure.
        return replacing ? List.of() : super.doPoll();
    }

    /** Everything queued at this moment, up to {@link #MAX_HAND_OVER}; the queue holds at least one change. */
    private List<SourceRecord> takeQueued() throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>(super.doPoll());
        // Only this thread takes from the queue, so "not empty" stays true until it takes; a stale "empty" only
        // ends this batch early.
        while (records.size() < maxHandOver && !isEmpty()) {
            records.addAll(super.doPoll());
        }
        return records;
    }

    /** Waits for a change in the queue; false if none came within {@code wait}. */
    private boolean awaitChange(Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        queueLock.lock();
        try {
            while (isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changeQueued.awaitNanos(nanos);
            }
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * The coordinator creates the streaming source on its own thread once it starts streaming, so this is checked on
     * each poll. Should the streaming thread pause before, that one pause is Debezium's sleep: a change waits at most
     * one poll interval, as without this. Should a JDK refuse to change the final field, or the driver lack what the
     * wait reaches, the relay keeps Debezium's sleep and says so.
     */
    private void replaceStreamingPause() {
        Object source = PrivateFields.read(STREAMING_SOURCE, coordinator);
        if (source == pausedSource || !(source instanceof PostgresStreamingChangeEventSource)) {
            return;
        }
        try {
            STREAMING_PAUSE.set(
                    source, new ReplicationStreamWait((PostgresStreamingChangeEventSource) source, streamWait));
            pausedSource = source;
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            log.warn("Could not replace Debezium's streaming pause; changes wait up to the poll interval", e);
            replacePause = false;
        }
    }

    private boolean isEmpty() {
        return queue.remainingCapacity() == queue.totalCapacity();
    }
}
