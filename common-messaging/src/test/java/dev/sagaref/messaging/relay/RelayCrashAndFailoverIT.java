package dev.sagaref.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.inbox.IdempotentConsumer;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.messaging.testapp.TestEffects;
import dev.sagaref.testsupport.ChildJvm;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays run as separate JVMs and are killed with SIGKILL while messages are being written, as a crashed pod would
 * be. The test JVM only writes and reads; its own relay is off. Both relay modes must pass.
 */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "messaging.relay.enabled=false")
@Import(RealInfrastructureConfiguration.class)
class RelayCrashAndFailoverIT {

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcConnectionDetails database;

    @Autowired
    IdempotentConsumer idempotentConsumer;

    @Autowired
    TestEffects effects;

    ChildRelays relays;

    @BeforeEach
    void setUp() {
        relays = new ChildRelays(database, jdbc);
        jdbc.sql("DELETE FROM outbox").update(); // rows of the other mode's run must not be relayed again
    }

    /**
     * Every committed message arrives at least once although the relay is killed mid-stream; behind the inbox every
     * message takes effect exactly once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"debezium", "polling"})
    void relayKilledMidStreamLosesNothingAndInboxAppliesEachMessageOnce(String mode) throws Exception {
        String topic = "test.crash." + UUID.randomUUID();
        int total = 2_000;
        Set<UUID> written = ConcurrentHashMap.newKeySet();
        try (TopicReader reader = new TopicReader(topic);
                ChildJvm first = relays.start("crash-" + mode + "-first", mode)) {
            relays.awaitActive(first, Duration.ofSeconds(60));
            Thread writer = startWriter(topic, total, written);

            reader.readAtLeast(total / 4, Duration.ofSeconds(60));
            first.kill();
            int receivedBeforeRestart = reader.readFor(Duration.ZERO).size();

            try (ChildJvm second = relays.start("crash-" + mode + "-second", mode)) {
                relays.awaitActive(second, Duration.ofSeconds(60));
                writer.join();
                List<ConsumerRecord<String, byte[]>> received =
                        reader.readUntil(records -> idsOf(records).containsAll(written), Duration.ofSeconds(120));

                assertThat(idsOf(received)).isEqualTo(written);
                System.out.printf(
                        "relay=%s: %d messages, killed after %d had arrived, %d records received in all (%d resent)%n",
                        mode, total, receivedBeforeRestart, received.size(), received.size() - total);

                for (ConsumerRecord<String, byte[]> record : received) {
                    idempotentConsumer.consume("crash-test-" + mode, record, effects::apply);
                }
                Map<UUID, Integer> applications = effects.applicationsByMessage();
                assertThat(written)
                        .allSatisfy(id -> assertThat(applications.get(id))
                                .as("applications of %s", id)
                                .isEqualTo(1));
            }
        }
    }

    /** Two relays on one database: one is active; kill it and the other takes over within 10 seconds. */
    @ParameterizedTest
    @ValueSource(strings = {"debezium", "polling"})
    void standbyTakesOverWhenTheActiveRelayDiesAndNothingIsLost(String mode) throws Exception {
        String topic = "test.failover." + UUID.randomUUID();
        Set<UUID> written = ConcurrentHashMap.newKeySet();
        try (TopicReader reader = new TopicReader(topic);
                ChildJvm first = relays.start("failover-" + mode + "-first", mode);
                ChildJvm second = relays.start("failover-" + mode + "-second", mode)) {
            ChildJvm active = awaitEitherActive(first, second);
            ChildJvm standby = active == first ? second : first;
            startWriter(topic, 300, written).join();
            reader.readUntil(records -> idsOf(records).containsAll(written), Duration.ofSeconds(60));
            assertThat(relays.activeRelayPid()).contains(active.pid());

            active.kill();
            Thread writer = startWriter(topic, 300, written);
            Duration takeover = relays.awaitActive(standby, Duration.ofSeconds(10));
            writer.join();
            reader.readUntil(records -> idsOf(records).containsAll(written), Duration.ofSeconds(60));

            System.out.printf(
                    "relay=%s: standby took over %d ms after the active relay was killed%n", mode, takeover.toMillis());
            assertThat(written).hasSize(600);
        }
    }

    private ChildJvm awaitEitherActive(ChildJvm first, ChildJvm second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Long pid = relays.activeRelayPid().orElse(null);
            if (Objects.equals(pid, first.pid())) {
                return first;
            }
            if (Objects.equals(pid, second.pid())) {
                return second;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Neither " + first + " nor " + second + " became the active relay");
    }

    /** Writes {@code count} messages over 20 orders, one transaction each, about 400 per second. */
    private Thread startWriter(String topic, int count, Set<UUID> written) {
        List<UUID> orders =
                java.util.stream.Stream.generate(UUID::randomUUID).limit(20).toList();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                UUID orderId = orders.get(i % orders.size());
                written.add(transactions
                        .execute(status -> outbox.send(OutgoingMessage.to(topic, orderId, new ApproveOrder(orderId))))
                        .messageId());
                if (i % 10 == 9) {
                    sleep(25);
                }
            }
        });
        writer.start();
        return writer;
    }

    private static Set<UUID> idsOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(TopicReader::messageId).collect(Collectors.toSet());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
