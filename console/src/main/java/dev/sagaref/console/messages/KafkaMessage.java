package dev.sagaref.console.messages;

import dev.sagaref.events.MessageHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One record of a topic as the console shows it: where it is, its key, every header as text and the payload.
 *
 * @param sequence the order the console received it in (the live pages resume from it)
 */
public record KafkaMessage(
        long sequence,
        String topic,
        int partition,
        long offset,
        String key,
        Instant timestamp,
        Map<String, String> headers,
        String payload) {

    /** Spring Kafka's header on a dead-lettered record: why its consumer gave up on it. */
    static final String DEAD_LETTER_REASON = "kafka_dlt-exception-message";

    static final String DEAD_LETTER_SUFFIX = ".DLT";

    public String type() {
        return headers.getOrDefault(MessageHeaders.MESSAGE_TYPE, "");
    }

    public String messageId() {
        return headers.getOrDefault(MessageHeaders.MESSAGE_ID, "");
    }

    public String causationId() {
        return headers.getOrDefault(MessageHeaders.CAUSATION_ID, "");
    }

    /** The W3C trace id from {@code traceparent} (version-traceid-spanid-flags), or empty. */
    public String traceId() {
        String[] parts = headers.getOrDefault(MessageHeaders.TRACEPARENT, "").split("-");
        return parts.length == 4 ? parts[1] : "";
    }

    /** How long after {@code earlier} this message was written to Kafka (its record timestamp). */
    public long millisAfter(Instant earlier) {
        return earlier == null ? 0 : Duration.between(earlier, timestamp).toMillis();
    }

    public boolean isDeadLetter() {
        return topic.endsWith(DEAD_LETTER_SUFFIX);
    }

    public String deadLetterReason() {
        return headers.getOrDefault(DEAD_LETTER_REASON, "");
    }
}
