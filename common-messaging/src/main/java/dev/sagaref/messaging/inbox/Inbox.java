package dev.sagaref.messaging.inbox;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers which messages a consumer has processed. The record is written in the handler's own transaction
 * ({@link Propagation#MANDATORY}), so "processed" and the handler's effect commit together or not at all.
 */
public class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the message for this consumer; false if it was already recorded (a redelivery). A concurrent delivery
     * of the same message waits on the primary key until the first transaction ends, so exactly one of them wins.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordFirstDelivery(String consumer, UUID messageId) {
        return jdbc.sql(
                                "INSERT INTO inbox (consumer, message_id) VALUES (:consumer, :messageId) ON CONFLICT DO NOTHING")
                        .param("consumer", consumer)
                        .param("messageId", messageId)
                        .update()
                == 1;
    }
}
