package dev.sagaref.messaging.tracing;

import java.util.function.Supplier;

/**
 * What the messaging code needs from tracing: the current span as a W3C {@code traceparent}, written into each
 * outbox row so the trace survives the CDC hop, and a way to resume a stored trace later (a saga deadline that fires
 * long after the last message). {@link #NONE} is used when tracing is switched off.
 */
public interface MessageTracing {

    MessageTracing NONE = new MessageTracing() {
        @Override
        public String currentTraceparent() {
            return null;
        }

        @Override
        public <T> T inSpan(String traceparent, String spanName, Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T inConsumerSpan(String traceparent, String spanName, Supplier<T> work) {
            return work.get();
        }
    };

    /** The current span as a {@code traceparent} header value, or null outside any span. */
    String currentTraceparent();

    /** Runs {@code work} in a new span that continues {@code traceparent}; without a traceparent, in no span. */
    <T> T inSpan(String traceparent, String spanName, Supplier<T> work);

    /**
     * Runs {@code work} in the consumer span of a received message: a child of {@code traceparent}, or the root of
     * a new trace when the message carries none.
     */
    <T> T inConsumerSpan(String traceparent, String spanName, Supplier<T> work);
}
