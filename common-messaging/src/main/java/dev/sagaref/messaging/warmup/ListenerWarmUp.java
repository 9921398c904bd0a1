package dev.sagaref.messaging.warmup;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MessageCatalog;
import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.MessageType;
import dev.sagaref.messaging.relay.KafkaOutboxPublisher;
import dev.sagaref.messaging.relay.OutboxRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.adapter.BatchMessagingMessageListenerAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each {@link ServiceWarmUp} of the service once at start, before the service reports ready: its sample messages
 * go through the real listeners (argument resolution, inbox, handler, JPA, outbox), in one transaction that is always
 * rolled back. So the first real order does not pay for the code nothing has run yet (class loading and linking,
 * Hibernate building its SQL, Jackson its readers and writers): on a cold JVM that was about half a second per
 * service and message kind, most of the first order's time (docs/footprint.md).
 *
 * <p>Nothing stays behind: no inbox row, no business row, no outbox row (so the relay sends nothing), and no business
 * metric, since the services count only at commit. The run itself is timed as {@code messaging.warm-up}, by outcome.
 * Listener containers are already running, so real messages may be handled meanwhile; the samples are about made-up
 * orders and touch no real one. A failed warm-up is logged and the service starts anyway: it only makes the first
 * messages slow again.
 */
public class ListenerWarmUp implements ApplicationRunner {

    /** The initiated-by of every sample message, so a log line about one says where it came from. */
    public static final String INITIATED_BY = "warm-up";

    private static final Logger log = LoggerFactory.getLogger(ListenerWarmUp.class);

    private final List<ServiceWarmUp> warmUps;
    private final KafkaListenerEndpointRegistry listeners;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    public ListenerWarmUp(
            List<ServiceWarmUp> warmUps,
            KafkaListenerEndpointRegistry listeners,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        this.warmUps = warmUps;
        this.listeners = listeners;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (warmUps.isEmpty()) {
            return;
        }
        Timer.Sample started = Timer.start(meters);
        int[] delivered = {0};
        boolean failed = false;
        try {
            transactions.executeWithoutResult(status -> {
                status.setRollbackOnly(); // whatever the samples cause, none of it stays
                for (ServiceWarmUp warmUp : warmUps) {
                    warmUp.run((topic, orderId, sagaId, payload) -> {
                        listenerOf(topic).onMessage(List.of(sample(topic, orderId, sagaId, payload)), null, null);
                        delivered[0]++;
                    });
                }
            });
        } catch (RuntimeException e) {
            failed = true;
            log.warn("Warm-up failed after {} sample messages; the first real ones will be slow", delivered[0], e);
        }
        long tookNanos = started.stop(Timer.builder("messaging.warm-up")
                .description("The sample messages run through the listeners at start, by outcome")
                .tag("outcome", failed ? "failed" : "succeeded")
                .register(meters));
        if (!failed) {
            log.info(
                    "Warmed up with {} sample messages in {} ms, all rolled back",
                    delivered[0],
                    Duration.ofNanos(tookNanos).toMillis());
        }
    }

    @SuppressWarnings("unchecked")
    private BatchMessagingMessageListenerAdapter<String, byte[]> listenerOf(String topic) {
        for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null
                    && Arrays.asList(topics).contains(topic)
                    && container.getContainerProperties().getMessageListener()
                            instanceof BatchMessagingMessageListenerAdapter<?, ?> adapter) {
                return (BatchMessagingMessageListenerAdapter<String, byte[]>) adapter;
            }
        }
        throw new IllegalStateException("No batch listener for " + topic);
    }

    /** The record a relay would have sent for this message (same headers, same JSON). */
    private ConsumerRecord<String, byte[]> sample(String topic, UUID orderId, UUID sagaId, Object payload) {
        MessageType type = MessageCatalog.of(payload.getClass());
        MessageMetadata metadata = new MessageMetadata(
                UUID.randomUUID(),
                type.name(),
                type.schemaVersion(),
                sagaId,
                orderId,
                null,
                INITIATED_BY,
                null,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        ProducerRecord<String, byte[]> sent = KafkaOutboxPublisher.toProducerRecord(
                new OutboxRecord(topic, orderId.toString(), metadata, JsonCodec.write(payload)), null);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0L, sent.key(), sent.value());
        sent.headers().forEach(header -> record.headers().add(header));
        return record;
    }
}
