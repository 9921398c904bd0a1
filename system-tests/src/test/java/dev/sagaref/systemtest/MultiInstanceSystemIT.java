package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import dev.sagaref.systemtest.Topics.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of a service side by side, as the Kubernetes manifests run every service: they share the partitions
 * of their consumer group and the work of their database, one of them relays, and either may die.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceSystemIT {

    static final Duration LONG = Duration.ofMinutes(3);
    static final List<String> COMMAND_TOPICS =
            List.of("payment.commands", "inventory.commands", "shipping.commands", "order.commands");

    static LocalStack stack;
    static Api api;
    static final List<String> secondInstances = new ArrayList<>();

    @BeforeAll
    static void startSystem() {
        stack = SystemStack.get();
        api = new Api(stack);
    }

    /** Leaves one instance of everything, as the other system tests expect. */
    @AfterAll
    static void stopSecondInstances() {
        secondInstances.forEach(stack::stopSecondInstance);
    }

    @Test
    @Order(1)
    void twoOrchestratorsShareTheSagasAndSendEachCommandOnce() throws Exception {
        int consumers = Topics.members(stack.kafkaBootstrapServers(), "saga-orchestrator");
        String orchestrator2 = startSecondInstance("saga-orchestrator");
        Topics.awaitStableGroup(stack.kafkaBootstrapServers(), "saga-orchestrator", 2 * consumers);
        // The first instance has served the other test classes on this shared stack: count from here.
        double startedByTheFirstBefore = sagasStarted("saga-orchestrator");
        String sku = unique("two-orc");
        api.product(sku, 1_000);
        List<String> customers = api.customers("multi-customer", 5, 100_000);

        List<Callable<UUID>> placements = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String customer = customers.get(i % customers.size());
            placements.add(() -> api.placeOrder(customer, "DE", new Line(sku, 1, 1_000)));
        }
        List<UUID> orders = OrderSagaSystemIT.inParallel(placements);

        for (UUID order : orders) {
            api.assertApproved(order, LONG);
        }
        // The sagas were started on both instances (OrderCreated's partitions are shared), yet each step had one
        // owner: Kafka holds as many commands of a step as the saga's timeline says it sent, no more.
        assertThat(sagasStarted("saga-orchestrator")).isGreaterThan(startedByTheFirstBefore);
        assertThat(sagasStarted(orchestrator2)).isPositive();
        assertEachCommandSentAsOftenAsTheTimelineSays(orders);
        assertThat(customers.stream().mapToLong(api::balance).sum()).isEqualTo(5 * 100_000L - 30 * 1_000L);
        assertThat(api.available(sku)).isEqualTo(1_000 - 30);
    }

    /** Both orchestrators scan for due deadlines every second; the scan's SKIP LOCKED lets only one fire each. */
    @Test
    @Order(2)
    void aDeadlineFiresOnceWithTwoOrchestrators() throws Exception {
        assertThat(stack.instances())
                .as("the second orchestrator from the test before")
                .contains("saga-orchestrator#2");
        String customer = unique("two-orc-timeout");
        String sku = unique("two-orc-timeout-sku");
        api.account(customer, 10_000);
        api.product(sku, 10);

        stack.kill("shipping-service");
        UUID order = api.placeOrder(customer, "DE", new Line(sku, 2, 1_000));
        api.awaitRejectionReason(order, "SCHEDULE_SHIPMENT_TIMEOUT", LONG);
        stack.restart("shipping-service");

        api.assertRejected(order, "SCHEDULE_SHIPMENT_TIMEOUT", LONG);
        JsonNode saga = api.awaitSagaState(order, "REJECTED", LONG);
        assertThat(saga.get("steps").valueStream().map(step -> step.get("name").asString()))
                .contains("RefundPayment", "ReleaseStock");
        // Had both instances fired the deadline, the compensations would be on Kafka twice.
        assertEachCommandSentAsOftenAsTheTimelineSays(List.of(order));
        assertThat(api.balance(customer)).isEqualTo(10_000);
        assertThat(api.available(sku)).isEqualTo(10);
    }

    /**
     * A payment-service instance joins while orders stream in, then the first one dies (SIGKILL) while they keep
     * coming: its partitions move to the survivor after its session expires (and the relay, if it held it). Every order
     * is approved and charged exactly once.
     */
    @Test
    @Order(3)
    void participantInstancesJoiningAndDyingDuringAStreamLoseNothing() throws Exception {
        String sku = unique("two-pay");
        // Enough for every order however long the instances take to start and the group to settle (about 20 s of
        // the stream's 4 orders/s here, longer on a busy machine).
        api.product(sku, 10_000);
        List<String> customers = api.customers("multi-customer", 5, 2_000_000);
        int consumers = Topics.members(stack.kafkaBootstrapServers(), "payment-service");

        List<UUID> orders;
        try (OrderStream stream = OrderStream.start(api, customers, sku, Duration.ofMillis(250))) {
            stream.awaitPlaced(10);
            startSecondInstance("payment-service");
            Topics.awaitStableGroup(stack.kafkaBootstrapServers(), "payment-service", 2 * consumers);
            stream.awaitPlaced(stream.placedSoFar() + 10);
            stack.kill("payment-service");
            // Past the dead instance's session (10 s) and the rebalance that follows, still under load.
            Topics.awaitStableGroup(stack.kafkaBootstrapServers(), "payment-service", consumers);
            stream.awaitPlaced(stream.placedSoFar() + 10);
            orders = stream.stop();
        }
        System.out.printf("%d orders placed while payment-service instances came and went%n", orders.size());
        stack.restart("payment-service");

        for (UUID order : orders) {
            api.assertApproved(order, LONG);
        }
        long spent = orders.size() * OrderStream.PRICE;
        assertThat(customers.stream().mapToLong(api::balance).sum()).isEqualTo(5 * 2_000_000L - spent);
        assertThat(api.available(sku)).isEqualTo(10_000 - orders.size());
        assertEachCommandSentAsOftenAsTheTimelineSays(orders);
    }

    private static String startSecondInstance(String module) {
        String instance = stack.startSecondInstance(module);
        secondInstances.add(instance);
        return instance;
    }

    /** The orchestrator instance's {@code saga.started} counter, from its Prometheus endpoint. */
    private static double sagasStarted(String instance) {
        String metrics = api.get(instance, "/actuator/prometheus").raw().body();
        return metrics.lines()
                .filter(line -> line.startsWith("saga_started_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * For every step and compensation in each saga's timeline, the command topics hold as many distinct commands of
     * that name for the order as the timeline counts attempts (a relay that fails over may publish a message twice,
     * but under its one message id). A second owner of a step would send commands the timeline does not know of.
     */
    private static void assertEachCommandSentAsOftenAsTheTimelineSays(List<UUID> orders) {
        Map<String, Set<String>> sent = new HashMap<>();
        COMMAND_TOPICS.forEach(topic -> sent.putAll(messageIdsPerOrderAndType(topic, orders)));
        int resends = 0;
        for (UUID order : orders) {
            for (JsonNode step : api.saga(order).get("steps")) {
                String name = step.get("name").asString();
                int attempts = step.get("attempts").asInt();
                assertThat(sent.getOrDefault(order + " " + name, Set.of()))
                        .as("%s commands for %s", name, order)
                        .hasSize(attempts);
                resends += attempts - 1;
            }
        }
        System.out.printf("%d sagas: each command on Kafka as often as sent, %d resends%n", orders.size(), resends);
    }

    /** For each order and message type on the topic, the distinct message ids it was published under. */
    private static Map<String, Set<String>> messageIdsPerOrderAndType(String topic, List<UUID> orders) {
        Set<String> keys = orders.stream().map(UUID::toString).collect(toSet());
        return Topics.readAll(stack.kafkaBootstrapServers(), topic).stream()
                .filter(message -> keys.contains(message.key()))
                .collect(groupingBy(message -> message.key() + " " + message.type(), mapping(Message::id, toSet())));
    }
}
