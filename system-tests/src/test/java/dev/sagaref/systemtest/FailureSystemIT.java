package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static dev.sagaref.systemtest.OtlpTraceReceiver.isOneTree;
import static dev.sagaref.systemtest.OtlpTraceReceiver.published;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import dev.sagaref.systemtest.OtlpTraceReceiver.CallerSpan;
import dev.sagaref.systemtest.OtlpTraceReceiver.ReceivedSpan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/** Processes die (SIGKILL), stay down past deadlines, and replay every topic from the start. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureSystemIT {

    static final Duration LONG = Duration.ofMinutes(3);
    static LocalStack stack;
    static Api api;

    @BeforeAll
    static void startSystem() {
        stack = SystemStack.get();
        api = new Api(stack);
    }

    @Test
    @Order(1)
    void participantKilledHalfwayThroughAStreamOfOrdersFinishesEverySagaAfterRestart() {
        String sku = unique("kill-inv");
        api.product(sku, 100);
        List<String> customers = api.customers("fail-customer", 5, 50_000);

        List<UUID> orders;
        try (OrderStream stream = OrderStream.start(api, customers, sku, Duration.ofMillis(200))) {
            stream.awaitPlaced(8);
            stack.kill("inventory-service");
            stream.awaitPlaced(16);
            orders = stream.stop();
        }
        stack.restart("inventory-service");

        for (UUID order : orders) {
            api.assertApproved(order, LONG);
        }
        assertThat(api.available(sku)).isEqualTo(100 - orders.size());
        assertThat(customers.stream().mapToLong(api::balance).sum())
                .isEqualTo(5 * 50_000L - orders.size() * OrderStream.PRICE);
    }

    @Test
    @Order(2)
    void participantDownPastTheDeadlineIsCompensatedWithTheTimeoutReason() {
        String customer = unique("timeout");
        String sku = unique("timeout-sku");
        api.account(customer, 10_000);
        api.product(sku, 10);

        stack.kill("shipping-service");
        CallerSpan caller = CallerSpan.random();
        UUID order = api.placeOrder(caller.asHeader(), customer, "DE", new Line(sku, 2, 1_000));
        JsonNode compensating = api.awaitRejectionReason(order, "SCHEDULE_SHIPMENT_TIMEOUT", LONG);
        assertThat(compensating.get("state").asString()).isIn("COMPENSATING", "REJECTING", "REJECTED");
        stack.restart("shipping-service");

        api.assertRejected(order, "SCHEDULE_SHIPMENT_TIMEOUT", LONG);
        // The deadline fired long after the last message, yet the timeout and the compensations it started are
        // part of the order's trace: the orchestrator resumes the trace stored with the saga.
        List<ReceivedSpan> trace = Api.await(
                () -> SystemStack.traces().trace(caller.traceId()),
                spans -> published(spans).contains("OrderRejected") && isOneTree(spans, caller.spanId()),
                Duration.ofSeconds(30),
                "the timed-out order's spans as one tree");
        assertThat(trace)
                .extracting(ReceivedSpan::name)
                .contains("saga deadline ScheduleShipment", "publish CancelShipment", "publish RefundPayment");
        assertThat(api.balance(customer)).isEqualTo(10_000);
        assertThat(api.available(sku)).isEqualTo(10);
        assertThat(api.shipments(order))
                .allSatisfy(s -> assertThat(s.get("status").asString()).isEqualTo("CANCELLED"));
    }

    @Test
    @Order(3)
    void orchestratorKilledMidRunFinishesEverySagaOnce() throws Exception {
        String sku = unique("kill-orc");
        api.product(sku, 1_000);
        List<String> customers = api.customers("fail-customer", 5, 100_000);

        List<UUID> orders = new ArrayList<>(place(customers, sku, 10));
        stack.kill("saga-orchestrator");
        orders.addAll(place(customers, sku, 10));
        stack.restart("saga-orchestrator");

        long spent = 0;
        for (UUID order : orders) {
            JsonNode settled = api.awaitTerminal(order, LONG);
            assertThat(settled.get("status").asString()).isEqualTo("APPROVED");
            spent += settled.get("total").asLong();
            assertThat(api.get("saga-orchestrator", "/api/sagas?orderId=" + order)
                            .body()
                            .size())
                    .isEqualTo(1);
        }
        assertThat(customers.stream().mapToLong(api::balance).sum()).isEqualTo(5 * 100_000L - spent);
        assertThat(api.available(sku)).isEqualTo(1_000 - 20);
    }

    /**
     * Every consumer group is rewound to offset 0 and the services restarted: every message is delivered again,
     * and the inboxes make sure nothing changes.
     */
    @Test
    @Order(4)
    void replayingEveryTopicFromOffsetZeroChangesNothing() throws Exception {
        String customer = unique("replay");
        String sku = unique("replay-sku");
        api.account(customer, 10_000);
        api.product(sku, 10);
        api.awaitTerminal(api.placeOrder(customer, "DE", new Line(sku, 1, 700)), LONG);
        api.awaitTerminal(api.placeOrder(customer, "AQ", new Line(sku, 1, 700)), LONG);
        Map<String, List<String>> before =
                Api.await(FailureSystemIT::snapshot, snapshot -> allSagasEnded(), LONG, "all sagas to end");

        LocalStack.SERVICES.forEach(service -> stack.kill(service.module()));
        long rewound = rewindAllConsumerGroups();
        LocalStack.SERVICES.forEach(service -> stack.restart(service.module()));
        awaitConsumersCaughtUp();

        System.out.printf("Rewound %d partitions to offset 0; replayed everything%n", rewound);
        assertThat(rewound).isPositive();
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * A participant that stalls (SIGSTOP) while the orchestrator checks for lost commands every 2 s: its command sits
     * unread in Kafka, so it is merely behind, and it gets the command once, not once per check.
     */
    @Test
    @Order(5)
    void slowParticipantIsNotFloodedWithResends() throws Exception {
        String customer = unique("slow");
        String sku = unique("slow-sku");
        api.account(customer, 10_000);
        api.product(sku, 10);

        stack.pause("payment-service");
        UUID order;
        try {
            order = api.placeOrder(customer, "DE", new Line(sku, 1, 1_000));
            // Three resend checks, yet shorter than the consumer session timeout (10 s): the participant stays in
            // its group, as a stalled one does.
            Thread.sleep(7_000);
        } finally {
            stack.resume("payment-service");
        }

        api.assertApproved(order, LONG);
        assertThat(stepAttempts(order, "AuthorizePayment")).isEqualTo(1);
        assertThat(messagesOnTopic("payment.commands", order, "AuthorizePayment"))
                .isEqualTo(1);
        assertThat(api.balance(customer)).isEqualTo(10_000 - 1_000);
    }

    /**
     * A command the participant will never read (its group is moved past it while it is down, as when a record is
     * dead-lettered or skipped) is sent again, and the saga completes.
     */
    @Test
    @Order(6)
    void lostCommandIsSentAgainAndTheSagaCompletes() throws Exception {
        String customer = unique("lost");
        String sku = unique("lost-sku");
        api.account(customer, 10_000);
        api.product(sku, 10);

        stack.kill("shipping-service");
        UUID order = api.placeOrder(customer, "DE", new Line(sku, 1, 1_000));
        Api.await(
                () -> messagesOnTopic("shipping.commands", order, "ScheduleShipment"),
                sent -> sent == 1,
                LONG,
                "ScheduleShipment of " + order + " in Kafka");
        skipToTheEnd("shipping-service", "shipping.commands");
        stack.restart("shipping-service");

        api.assertApproved(order, LONG);
        // Sent again at least once. Once more is possible: the restarted participant answers the resend, and until
        // its relay streams again that reply waits in its outbox, where the orchestrator cannot see it, so the command
        // looks lost for a while (KafkaCommandDelivery). The doubling wait between resends bounds that; what must
        // hold is that every attempt reached Kafka once and the shipment was made once.
        int attempts = stepAttempts(order, "ScheduleShipment");
        assertThat(attempts).isGreaterThanOrEqualTo(2);
        assertThat(messagesOnTopic("shipping.commands", order, "ScheduleShipment"))
                .isEqualTo(attempts);
        assertThat(api.shipments(order)).hasSize(1);
    }

    @Test
    @Order(7)
    void aCompensationThatKeepsFailingWaitsForAnOperatorWhoseRetryFinishesTheSaga() throws Exception {
        String customer = unique("stuck");
        String sku = unique("stuck-sku");
        api.account(customer, 10_000);
        api.product(sku, 0); // out of stock: the payment is refunded
        // A fault the payment service cannot get past by itself: its refunds fail (a trigger refuses them).
        BrokenRefunds.breakThem(stack);
        UUID order;
        try {
            order = api.placeOrder(customer, "DE", new Line(sku, 1, 1_000));
            api.awaitSagaState(order, "COMPENSATION_FAILED", LONG);
            assertThat(api.balance(customer)).as("charged, never refunded").isEqualTo(10_000 - 1_000);
        } finally {
            // The operator fixes the cause.
            BrokenRefunds.repair(stack);
        }
        String retries = "/api/sagas/" + api.saga(order).get("id").asString() + "/compensation-retries";
        assertThat(api.as(customer)
                        .post("saga-orchestrator", retries, "", Map.of())
                        .status())
                .as("a customer may not retry")
                .isEqualTo(403);

        Api.Response retry = api.post("saga-orchestrator", retries, "", Map.of());
        Api.Response secondClick = api.post("saga-orchestrator", retries, "", Map.of());

        assertThat(retry.status()).as(retry.raw().body()).isEqualTo(202);
        assertThat(secondClick.status()).as("a second click sends nothing").isEqualTo(409);
        api.assertRejected(order, "OUT_OF_STOCK", LONG);
        assertThat(api.balance(customer)).isEqualTo(10_000);
        JsonNode steps = api.saga(order).get("steps");
        JsonNode retried = steps.get(steps.size() - 2); // the refund, before the rejection
        assertThat(retried.get("name").asString()).isEqualTo("RefundPayment");
        assertThat(retried.get("status").asString()).isEqualTo("COMPENSATED");
        assertThat(retried.get("initiatedBy").asString()).isEqualTo("operator");
        // Through the outbox like every command, naming who retried it; the failed sends name the customer.
        List<String> refundsBy = Topics.readAll(stack.kafkaBootstrapServers(), "payment.commands").stream()
                .filter(message -> order.toString().equals(message.key()) && "RefundPayment".equals(message.type()))
                .map(Topics.Message::initiatedBy)
                .toList();
        assertThat(refundsBy.subList(0, 3)).as("the saga's own sends").containsOnly(customer);
        assertThat(refundsBy.subList(3, refundsBy.size()))
                .as("the retry (and any resend of it)")
                .isNotEmpty()
                .containsOnly("operator");
    }

    private static int stepAttempts(UUID order, String step) {
        for (JsonNode entry : api.saga(order).get("steps")) {
            if (step.equals(entry.get("name").asString())) {
                return entry.get("attempts").asInt();
            }
        }
        throw new AssertionError(step + " is not in the timeline of " + order);
    }

    /** How many messages of this type for this order the topic holds, read from the beginning. */
    private static long messagesOnTopic(String topic, UUID order, String messageType) {
        return Topics.readAll(stack.kafkaBootstrapServers(), topic).stream()
                .filter(message -> order.toString().equals(message.key()) && messageType.equals(message.type()))
                .count();
    }

    /** Moves a stopped participant's group to the end of its topic, so it never reads what is there now. */
    private static void skipToTheEnd(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            awaitNoMembers(admin, List.of(group));
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> end = new LinkedHashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> end.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, end).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<UUID> place(List<String> customers, String sku, int count) throws Exception {
        List<java.util.concurrent.Callable<UUID>> placements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customer = customers.get(i % customers.size());
            placements.add(() -> api.placeOrder(customer, "DE", new Line(sku, 1, 1_000)));
        }
        return OrderSagaSystemIT.inParallel(placements);
    }

    /** Business state of every service, read straight from the databases. */
    private static Map<String, List<String>> snapshot() {
        Map<String, List<String>> state = new LinkedHashMap<>();
        state.put("accounts", rows("payment-service", "SELECT customer_id || '=' || balance FROM accounts ORDER BY 1"));
        state.put(
                "payments",
                rows("payment-service", "SELECT order_id || ':' || status || ':' || amount FROM payments ORDER BY 1"));
        state.put(
                "products",
                rows("inventory-service", "SELECT sku || '=' || stock || '/' || reserved FROM products ORDER BY 1"));
        state.put("shipments", rows("shipping-service", "SELECT order_id || ':' || status FROM shipments ORDER BY 1"));
        state.put("orders", rows("order-service", "SELECT id || ':' || status FROM orders ORDER BY 1"));
        state.put(
                "sagas",
                rows("saga-orchestrator", "SELECT order_id || ':' || status || ':' || version FROM sagas ORDER BY 1"));
        return state;
    }

    private static boolean allSagasEnded() {
        return rows("saga-orchestrator", "SELECT id FROM sagas WHERE status NOT IN ('COMPLETED', 'REJECTED')")
                .isEmpty();
    }

    private static List<String> rows(String module, String sql) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(module), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(result.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    /** Sets every group's committed offsets to 0; Kafka allows that only once the group has no members left. */
    private static long rewindAllConsumerGroups() throws Exception {
        long partitions = 0;
        try (Admin admin = admin()) {
            List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .toList();
            awaitNoMembers(admin, groups);
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> zero = new LinkedHashMap<>();
                committed.keySet().forEach(partition -> zero.put(partition, new OffsetAndMetadata(0)));
                admin.alterConsumerGroupOffsets(group.groupId(), zero).all().get(30, TimeUnit.SECONDS);
                partitions += zero.size();
            }
        }
        return partitions;
    }

    /** Kafka changes a group's offsets only once it has no members; killed ones linger until their session ends. */
    private static void awaitNoMembers(Admin admin, List<String> groups) {
        Api.await(
                () -> {
                    try {
                        return admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().stream()
                                .allMatch(group -> group.members().isEmpty());
                    } catch (Exception e) {
                        return false;
                    }
                },
                empty -> empty,
                Duration.ofMinutes(2),
                "consumer groups " + groups + " to empty");
    }

    /** Waits until every group's committed offsets reach the end of its partitions. */
    private static void awaitConsumersCaughtUp() {
        Api.await(
                () -> {
                    try {
                        return dev.sagaref.localrun.ConsumerLag.total(stack.kafkaBootstrapServers(), group -> true);
                    } catch (Exception e) {
                        return Long.MAX_VALUE;
                    }
                },
                lag -> lag == 0,
                LONG,
                "consumers to catch up");
    }
}
