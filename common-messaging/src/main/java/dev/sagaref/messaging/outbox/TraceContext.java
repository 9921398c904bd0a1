package dev.sagaref.messaging.outbox;

/**
 * Supplies the W3C {@code traceparent} of the current span so it can travel inside the outbox row across the CDC
 * hop. The default has no tracer and returns null; tracing plugs in its own bean.
 */
@FunctionalInterface
public interface TraceContext {

    TraceContext NONE = () -> null;

    String currentTraceparent();
}
