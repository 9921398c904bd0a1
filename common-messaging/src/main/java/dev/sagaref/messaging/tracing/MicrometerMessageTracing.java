package dev.sagaref.messaging.tracing;

import dev.sagaref.events.MessageHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link MessageTracing} on Micrometer Tracing. Reading and writing {@code traceparent} goes through the configured
 * propagator rather than by hand, so the value is exactly what an HTTP or Kafka client would send.
 */
public final class MicrometerMessageTracing implements MessageTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerMessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public String currentTraceparent() {
        TraceContext current = tracer.currentTraceContext().context();
        return current == null ? null : traceparentOf(current, propagator);
    }

    @Override
    public <T> T inSpan(String traceparent, String spanName, Supplier<T> work) {
        if (traceparent == null) {
            return work.get();
        }
        return inSpan(childOf(traceparent, propagator).name(spanName), work);
    }

    /** A message without a traceparent (written with tracing off, or by another producer) starts a new trace. */
    @Override
    public <T> T inConsumerSpan(String traceparent, String spanName, Supplier<T> work) {
        Span.Builder builder = traceparent == null ? tracer.spanBuilder() : childOf(traceparent, propagator);
        return inSpan(builder.name(spanName).kind(Span.Kind.CONSUMER), work);
    }

    private <T> T inSpan(Span.Builder builder, Supplier<T> work) {
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A span builder whose parent is the span that {@code traceparent} names. */
    public static Span.Builder childOf(String traceparent, Propagator propagator) {
        return propagator.extract(
                traceparent, (value, header) -> MessageHeaders.TRACEPARENT.equals(header) ? value : null);
    }

    public static String traceparentOf(TraceContext context, Propagator propagator) {
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(MessageHeaders.TRACEPARENT);
    }
}
