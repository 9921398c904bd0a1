package dev.sagaref.messaging.config;

import dev.sagaref.events.MalformedMessageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * What happens to a message its listener cannot process. A malformed message goes to the dead-letter topic at once;
 * any other failure is retried with exponential backoff, then dead-lettered. The dead-letter record keeps the key,
 * the payload bytes and every original header, plus Spring Kafka's {@code kafka_dlt-*} headers with the exception
 * and the original topic, partition and offset, so it can be inspected and replayed. While a message is retried,
 * later messages of its partition wait (order is kept); once it is dead-lettered, they flow again.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    static DefaultErrorHandler errorHandler(
            KafkaTemplate<String, byte[]> kafkaTemplate, MessagingProperties.Consumer settings, MeterRegistry meters) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(
                kafkaTemplate,
                // Partition -1: the producer picks it from the key, so the DLT needs no fixed partition count.
                (record, exception) -> new TopicPartition(record.topic() + settings.getDeadLetterSuffix(), -1));
        Counter deadLettered = Counter.builder("messaging.dead.lettered")
                .description("Messages moved to a dead-letter topic")
                .register(meters);
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, exception) -> {
            Exception reason = reasonOf(exception);
            log.error(
                    "Dead-lettering {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    rootMessage(reason));
            publisher.accept(record, consumer, reason);
            deadLettered.increment();
        };
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.getMaxAttempts() - 1);
        backOff.setInitialInterval(settings.getInitialBackoff().toMillis());
        backOff.setMaxInterval(settings.getMaxBackoff().toMillis());
        backOff.setMultiplier(2.0);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedMessageException.class);
        return handler;
    }

    /**
     * Why the record failed. Listeners are batch listeners, so the container reports a failure wrapped in the
     * {@link BatchListenerFailedException} that names the record's index; the dead-letter headers should name what
     * went wrong with the record itself.
     */
    private static Exception reasonOf(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException failed && failed.getCause() instanceof Exception reason) {
                return reason;
            }
        }
        return exception;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
