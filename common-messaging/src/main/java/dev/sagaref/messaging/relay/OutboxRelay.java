package dev.sagaref.messaging.relay;

import java.util.Optional;

/**
 * Moves committed outbox rows to Kafka, at least once and in commit order per key. Started and stopped only by
 * {@link RelayLeadership}, so one instance per database relays at a time.
 */
public interface OutboxRelay {

    /** Starts relaying in the background and returns at once. */
    void start();

    /** Stops relaying and waits until no more records are being sent. */
    void stop();

    /** False before start, after stop, and after the relay died on an error. */
    boolean isRunning();

    /**
     * True once the relay would pass on a message committed now without first catching up on where it left off. A
     * Debezium relay becomes streaming some time after it starts; see {@code ChangeDataCapture#markStreamPosition}.
     */
    default boolean isStreaming() {
        return isRunning();
    }

    /** Why the relay last stopped on its own, if it did. */
    Optional<Throwable> lastFailure();

    /** {@code debezium} or {@code polling}, for health and metrics. */
    String mode();
}
