package dev.sagaref.messaging.relay.debezium;

import io.debezium.config.Configuration;
import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's PostgreSQL task with a poll that returns as soon as a change is queued, and takes whatever else is
 * queued by then, instead of waiting for a full batch or the end of the poll interval.
 *
 * <p>Why: Debezium's {@code ChangeEventQueue.poll()} (3.6) returns early only with a full batch ({@code
 * max.batch.size}); below that every change waits out the poll interval, and the wait ends in a busy loop through
 * its last millisecond. The poll interval is also how long the streaming thread sleeps when the replication stream
 * is empty, so no one interval was both prompt and cheap (docs/messaging.md). Here the queue is built with batches of
 * one, so its {@code poll()} never waits when a change is there, and this task waits on the queue's own signal,
 * which {@code enqueue} gives for every change once batches are of one. The poll interval is then only the streaming
 * thread's sleep.
 *
 * <p>The queue's lock and signal are private to Debezium; they are looked up once, at start, and a Debezium version
 * without them fails the start with a message that says so ({@code DebeziumRelayIT} runs this task).
 */
public class HandOverPostgresConnectorTask extends PostgresConnectorTask {

    /** Most records handed over at once; the engine's own {@code max.batch.size} must be 1. */
    public static final String MAX_HAND_OVER = "sagaref.max.hand.over";

    /**
     * How long a poll waits for a change before it returns to the engine, which then checks whether it should stop.
     * The streaming thread's failures also surface here: Debezium reports them through the queue's next poll.
     */
    private static final Duration RETURN_CONTROL = Duration.ofMillis(500);

    private static final Field TASK_QUEUE = field(PostgresConnectorTask.class, "queue");
    private static final Field QUEUE_LOCK = field(ChangeEventQueue.class, "lock");
    private static final Field QUEUE_SIGNAL = field(ChangeEventQueue.class, "isFull");

    private ChangeEventQueue<?> queue;
    private Lock queueLock;
    /** Signalled by every enqueue while batches are of one record. */
    private Condition changeQueued;

    private int maxHandOver;

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        if (config.getInteger("max.batch.size", 0) != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs max.batch.size=1");
        }
        maxHandOver = config.getInteger(MAX_HAND_OVER, 100);
        ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator = super.start(config);
        queue = (ChangeEventQueue<?>) read(TASK_QUEUE, this);
        queueLock = (Lock) read(QUEUE_LOCK, queue);
        changeQueued = (Condition) read(QUEUE_SIGNAL, queue);
        return coordinator;
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        if (!awaitChange()) {
            // Returns at once, or after one poll interval, or with the streaming thread's failure.
            return super.doPoll();
        }
        List<SourceRecord> records = new ArrayList<>(super.doPoll());
        // Only this thread takes from the queue, so "not empty" stays true until it takes; a stale "empty" only
        // ends this batch early.
        while (records.size() < maxHandOver && !isEmpty()) {
            records.addAll(super.doPoll());
        }
        return records;
    }

    /** Waits for a change in the queue; false if none came within {@link #RETURN_CONTROL}. */
    private boolean awaitChange() throws InterruptedException {
        long nanos = RETURN_CONTROL.toNanos();
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

    private boolean isEmpty() {
        return queue.remainingCapacity() == queue.totalCapacity();
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(
                    owner.getName() + " has no field '" + name + "': this Debezium version is not the one "
                            + HandOverPostgresConnectorTask.class.getSimpleName() + " was written for",
                    e);
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field, e);
        }
    }
}
