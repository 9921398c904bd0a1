package dev.sagaref.messaging.testapp;

import dev.sagaref.messaging.inbox.InboundMessage;
import dev.sagaref.messaging.tracing.MessageTracing;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A business effect for the tests: counts how often each message was applied. A correct inbox leaves every count
 * at exactly one. Orders listed in {@link #failingOrders} make the handler throw, like a bug or an outage would.
 */
@Component
public class TestEffects {

    public final Set<UUID> failingOrders = ConcurrentHashMap.newKeySet();
    /** The logging context each message was handled in: message id → the MDC's orderId. */
    public final Map<UUID, String> loggedOrderIds = new ConcurrentHashMap<>();
    /** The traceparent an outbox row written by the handler would carry: message id → traceparent. */
    public final Map<UUID, String> traceparents = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final MessageTracing tracing;

    public TestEffects(JdbcClient jdbc, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.tracing = tracing;
    }

    public void apply(InboundMessage message) {
        String loggedOrderId = org.slf4j.MDC.get("orderId");
        if (loggedOrderId != null) {
            loggedOrderIds.put(message.metadata().messageId(), loggedOrderId);
        }
        String traceparent = tracing.currentTraceparent();
        if (traceparent != null) {
            traceparents.put(message.metadata().messageId(), traceparent);
        }
        if (failingOrders.contains(message.metadata().correlationId())) {
            throw new IllegalStateException(
                    "Simulated handler failure for order " + message.metadata().correlationId());
        }
        jdbc.sql("""
                        INSERT INTO test_effects (message_id, order_id, applications) VALUES (:id, :order, 1)
                        ON CONFLICT (message_id) DO UPDATE SET applications = test_effects.applications + 1
                        """)
                .param("id", message.metadata().messageId())
                .param("order", message.metadata().correlationId())
                .update();
    }

    public Map<UUID, Integer> applicationsByMessage() {
        Map<UUID, Integer> result = new ConcurrentHashMap<>();
        jdbc.sql("SELECT message_id, applications FROM test_effects")
                .query((rs, row) -> result.put(rs.getObject(1, UUID.class), rs.getInt(2)))
                .list();
        return result;
    }
}
