package dev.sagaref.messaging.relay;

import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.MessageMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends outbox records to Kafka: key = order id, metadata as headers, payload as plain JSON. Both relays use it, so
 * both produce byte-identical records. The producer is idempotent with {@code acks=all}, which keeps per-partition
 * order even when the client retries.
 */
public class KafkaOutboxPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration sendTimeout;
    private final Clock clock;
    private final Counter published;
    private final Timer publishLatency;
    private final RelaySpans spans;

    public KafkaOutboxPublisher(
            KafkaTemplate<String, byte[]> kafka,
            Duration sendTimeout,
            Clock clock,
            MeterRegistry meters,
            RelaySpans spans) {
        this.kafka = kafka;
        this.spans = spans;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
        this.published = Counter.builder("outbox.messages.published")
                .description("Outbox messages acknowledged by Kafka")
                .register(meters);
        this.publishLatency = Timer.builder("outbox.publish.latency")
                .description("From the outbox write to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Sends every record and returns once Kafka acknowledged all of them. Throws if any send failed, so the caller
     * does not mark the batch done and the records are sent again.
     */
    public void publishAll(List<OutboxRecord> records) throws InterruptedException {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            acks.add(send(record));
        }
        awaitAcknowledged(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)), records.size());
    }

    /** Hands the record to the producer and returns at once; the future completes with Kafka's acknowledgement. */
    public CompletableFuture<?> send(OutboxRecord record) {
        Span span = spans.start(record);
        try {
            return kafka.send(toProducerRecord(record, spans.traceparentFor(span, record)))
                    .whenComplete((result, failure) -> {
                        spans.end(span, failure);
                        if (failure == null) {
                            recordPublished(record);
                        } else {
                            replaceProducerIfRefused(failure);
                        }
                    });
        } catch (KafkaException e) {
            spans.end(span, e);
            replaceProducerIfRefused(e);
            throw e;
        }
    }

    /** Waits up to the send timeout for an acknowledgement; throws if it failed or did not come. */
    public void awaitAcknowledged(CompletableFuture<?> ack, int records) throws InterruptedException {
        try {
            ack.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RelayPublishException("Kafka did not acknowledge " + records + " record(s)", e);
        }
    }

    /**
     * An idempotent producer the broker refused (its user or ACLs not there yet, a password being changed) stays
     * failed for good, every later send included: it is closed, and the relay's next attempt gets a new one.
     */
    private void replaceProducerIfRefused(Throwable failure) {
        if (refusedByTheBroker(failure)) {
            kafka.getProducerFactory().reset();
        }
    }

    private static boolean refusedByTheBroker(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private void recordPublished(OutboxRecord record) {
        published.increment();
        publishLatency.record(Duration.between(record.metadata().createdAt(), Instant.now(clock)));
    }

    /** The record as it goes to Kafka; {@code traceparent} is the relay span's (see {@link RelaySpans}). */
    public static ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord record, String traceparent) {
        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(
                record.topic(), record.key(), record.payload().getBytes(StandardCharsets.UTF_8));
        MessageMetadata m = record.metadata();
        Headers headers = producerRecord.headers();
        add(headers, MessageHeaders.MESSAGE_ID, m.messageId());
        add(headers, MessageHeaders.MESSAGE_TYPE, m.messageType());
        add(headers, MessageHeaders.SCHEMA_VERSION, m.schemaVersion());
        add(headers, MessageHeaders.SAGA_ID, m.sagaId());
        add(headers, MessageHeaders.CORRELATION_ID, m.correlationId());
        add(headers, MessageHeaders.CAUSATION_ID, m.causationId());
        add(headers, MessageHeaders.INITIATED_BY, m.initiatedBy());
        add(headers, MessageHeaders.TRACEPARENT, traceparent);
        add(headers, MessageHeaders.CREATED_AT, m.createdAt());
        return producerRecord;
    }

    /** Absent values are left out rather than sent empty, so a reader can tell "none" from "blank". */
    private static void add(Headers headers, String name, Object value) {
        if (value != null) {
            headers.add(name, value.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
