package dev.sagaref.messaging.relay;

import dev.sagaref.events.MessageMetadata;
import dev.sagaref.messaging.tracing.MicrometerMessageTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Makes the relay hop visible in a trace. Each message gets a producer span that starts when its outbox row was
 * written and ends when Kafka acknowledged it, so the time a message waited for the relay shows up as a span of its
 * own. The span becomes the message's {@code traceparent} on Kafka, which makes the consumer's span its child.
 *
 * <p>Messages written outside any trace get no span: the relay does not start traces of its own.
 */
public final class RelaySpans {

    public static final RelaySpans NONE = new RelaySpans(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public RelaySpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public Span start(OutboxRecord record) {
        MessageMetadata metadata = record.metadata();
        if (metadata.traceparent() == null || tracer == Tracer.NOOP) {
            return Span.NOOP;
        }
        Instant written = metadata.createdAt();
        return MicrometerMessageTracing.childOf(metadata.traceparent(), propagator)
                .name("publish " + metadata.messageType())
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .tag("messaging.message.id", metadata.messageId().toString())
                .tag("messaging.kafka.message.key", record.key())
                .startTimestamp(
                        TimeUnit.SECONDS.toMicros(written.getEpochSecond())
                                + TimeUnit.NANOSECONDS.toMicros(written.getNano()),
                        TimeUnit.MICROSECONDS)
                .start();
    }

    /** The {@code traceparent} the Kafka record carries: the relay span's, or the row's own when there is none. */
    public String traceparentFor(Span span, OutboxRecord record) {
        if (span.isNoop()) {
            return record.metadata().traceparent();
        }
        String traceparent = MicrometerMessageTracing.traceparentOf(span.context(), propagator);
        return traceparent != null ? traceparent : record.metadata().traceparent();
    }

    public void end(Span span, Throwable failure) {
        if (failure != null) {
            span.error(failure);
        }
        span.end();
    }
}
