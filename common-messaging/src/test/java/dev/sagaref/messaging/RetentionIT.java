package dev.sagaref.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.inbox.InboxCleanup;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutboxCleanup;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Outbox and inbox stay bounded: cleanup removes what is past retention and nothing younger. */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"messaging.relay.enabled=false", "messaging.outbox.retention=1h", "messaging.inbox.retention=7d"})
@Import(RealInfrastructureConfiguration.class)
class RetentionIT {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxCleanup outboxCleanup;

    @Autowired
    InboxCleanup inboxCleanup;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void outboxCleanupDeletesRowsPastRetentionOnly() {
        jdbc.sql("DELETE FROM outbox").update();
        for (int i = 0; i < 12_000; i++) { // more than two delete batches
            UUID orderId = UUID.randomUUID();
            transactions.executeWithoutResult(
                    s -> outbox.send(OutgoingMessage.to("test.retention", orderId, new ApproveOrder(orderId))));
            if (i == 11_994) {
                jdbc.sql("UPDATE outbox SET created_at_micros = created_at_micros - 2 * 3600 * 1000000::bigint")
                        .update();
            }
        }

        assertThat(outboxCleanup.deleteExpired()).isEqualTo(11_995);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single())
                .isEqualTo(5);
    }

    @Test
    void inboxCleanupDeletesRecordsPastRetentionOnly() {
        jdbc.sql("DELETE FROM inbox").update();
        jdbc.sql("""
                        INSERT INTO inbox (consumer, message_id, received_at)
                        SELECT 'c', gen_random_uuid(), now() - interval '8 days' FROM generate_series(1, 6000)
                        """).update();
        jdbc.sql("INSERT INTO inbox (consumer, message_id) SELECT 'c', gen_random_uuid() FROM generate_series(1, 3)")
                .update();

        assertThat(inboxCleanup.deleteExpired()).isEqualTo(6_000);
        assertThat(jdbc.sql("SELECT count(*) FROM inbox").query(Long.class).single())
                .isEqualTo(3);
    }
}
