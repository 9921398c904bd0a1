package dev.sagaref.messaging.inbox;

import dev.sagaref.messaging.tracing.MessageTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a message handler at most once per message and consumer. In one transaction it records the message id in
 * the inbox and runs the handler; a redelivered message is acknowledged without running the handler again. Whatever
 * the handler writes (its business change, its replies through the outbox) commits together with the inbox record.
 *
 * <p>Listeners receive what one poll returned and stay thin:
 * {@code consumer.consumeAll("payment-service", records, handler::handle)}. The records of a poll are handled in
 * their order (so per key, in partition order) in one transaction: one commit, one connection checkout and one JPA
 * session for the lot instead of one per message. If any of them fails, that transaction rolls back as a whole and
 * the records are handled again one per transaction; the one that fails then is reported by its index, and the
 * container's error handler retries or dead-letters just that one after committing the offsets before it.
 *
 * <p>So a handler can run twice for one message when a later message of its batch fails, with its first run rolled
 * back. Effects outside the database must therefore wait for the commit ({@link AfterCommit}).
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final MessageTracing tracing;
    private final Counter duplicates;

    public IdempotentConsumer(
            Inbox inbox, TransactionTemplate transactions, MessageTracing tracing, MeterRegistry meters) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.tracing = tracing;
        this.duplicates = Counter.builder("inbox.duplicates.dropped")
                .description("Redelivered messages acknowledged without running their handler")
                .register(meters);
    }

    /** Handles the records of one poll, in order, in as few transactions as their outcomes allow. */
    public void consumeAll(
            String consumerName, List<ConsumerRecord<String, byte[]>> records, Consumer<InboundMessage> handler) {
        if (records.size() > 1 && handledInOneTransaction(consumerName, records, handler)) {
            return;
        }
        for (int index = 0; index < records.size(); index++) {
            try {
                consume(consumerName, records.get(index), handler);
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(describe(e), e, index);
            }
        }
    }

    /** Handles one record in a transaction of its own. */
    public void consume(String consumerName, ConsumerRecord<String, byte[]> record, Consumer<InboundMessage> handler) {
        InboundMessage message = InboundMessageReader.read(record);
        transactions.executeWithoutResult(status -> handleOnce(consumerName, record.topic(), message, handler));
    }

    private boolean handledInOneTransaction(
            String consumerName, List<ConsumerRecord<String, byte[]>> records, Consumer<InboundMessage> handler) {
        List<InboundMessage> messages = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                messages.add(InboundMessageReader.read(record));
            }
        } catch (RuntimeException unreadable) {
            // Handled one by one: the unreadable record is then named by its index and dead-lettered on its own
            // (at once if malformed), while the others are handled. Letting it escape unnamed would make the
            // container's error handler retry and then dead-letter the whole poll.
            return false;
        }
        try {
            transactions.executeWithoutResult(status -> {
                for (int i = 0; i < messages.size(); i++) {
                    handleOnce(consumerName, records.get(i).topic(), messages.get(i), handler);
                }
            });
            return true;
        } catch (RuntimeException e) {
            log.debug(
                    "{} rolled back a batch of {} ({}); handling its records one by one",
                    consumerName,
                    messages.size(),
                    describe(e));
            return false;
        }
    }

    private void handleOnce(
            String consumerName, String topic, InboundMessage message, Consumer<InboundMessage> handler) {
        try (var logContext = SagaLogContext.of(message.metadata())) {
            // A consumer span per message, continuing the record's trace; the handler's outbox rows carry it on.
            tracing.inConsumerSpan(message.metadata().traceparent(), topic + " process", () -> {
                if (inbox.recordFirstDelivery(consumerName, message.metadata().messageId())) {
                    handler.accept(message);
                } else {
                    AfterCommit.run(duplicates::increment);
                    log.debug(
                            "{} already processed {} {}",
                            consumerName,
                            message.metadata().messageType(),
                            message.metadata().messageId());
                }
                return null;
            });
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
