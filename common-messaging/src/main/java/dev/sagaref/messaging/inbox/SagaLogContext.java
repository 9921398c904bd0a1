package dev.sagaref.messaging.inbox;

import dev.sagaref.events.MessageMetadata;
import org.slf4j.MDC;

/**
 * Puts the order id, saga id and message of the message being handled into the logging context, so every log line
 * it causes (in JSON logs: a field each) can be found by order or saga.
 */
final class SagaLogContext implements AutoCloseable {

    static final String ORDER_ID = "orderId";
    static final String SAGA_ID = "sagaId";
    static final String MESSAGE_TYPE = "messageType";
    static final String MESSAGE_ID = "messageId";

    private SagaLogContext() {}

    static SagaLogContext of(MessageMetadata metadata) {
        MDC.put(ORDER_ID, metadata.correlationId().toString());
        if (metadata.sagaId() != null) {
            MDC.put(SAGA_ID, metadata.sagaId().toString());
        }
        MDC.put(MESSAGE_TYPE, metadata.messageType());
        MDC.put(MESSAGE_ID, metadata.messageId().toString());
        return new SagaLogContext();
    }

    @Override
    public void close() {
        MDC.remove(ORDER_ID);
        MDC.remove(SAGA_ID);
        MDC.remove(MESSAGE_TYPE);
        MDC.remove(MESSAGE_ID);
    }
}
