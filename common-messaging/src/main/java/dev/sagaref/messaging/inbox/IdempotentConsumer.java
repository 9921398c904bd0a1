package dev.sagaref.messaging.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a message handler at most once per message and consumer. In one transaction it records the message id in
 * the inbox and runs the handler; a redelivered message is acknowledged without running the handler again. Whatever
 * the handler writes (its business change, its replies through the outbox) commits together with the inbox record.
 *
 * <p>Listeners stay thin: {@code consumer.consume("payment-service", record, handler::handle)}.
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final Counter duplicates;

    public IdempotentConsumer(Inbox inbox, TransactionTemplate transactions, MeterRegistry meters) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.duplicates = Counter.builder("inbox.duplicates.dropped")
                .description("Redelivered messages acknowledged without running their handler")
                .register(meters);
    }

    public void consume(String consumerName, ConsumerRecord<String, byte[]> record, Consumer<InboundMessage> handler) {
        InboundMessage message = InboundMessageReader.read(record);
        try (var logContext = SagaLogContext.of(message.metadata())) {
            handleOnce(consumerName, message, handler);
        }
    }

    private void handleOnce(String consumerName, InboundMessage message, Consumer<InboundMessage> handler) {
        transactions.executeWithoutResult(status -> {
            if (inbox.recordFirstDelivery(consumerName, message.metadata().messageId())) {
                handler.accept(message);
            } else {
                duplicates.increment();
                log.debug(
                        "{} already processed {} {}",
                        consumerName,
                        message.metadata().messageType(),
                        message.metadata().messageId());
            }
        });
    }
}
