package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static dev.sagaref.systemtest.OtlpTraceReceiver.isOneTree;
import static dev.sagaref.systemtest.OtlpTraceReceiver.published;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.systemtest.Api.Line;
import dev.sagaref.systemtest.OtlpTraceReceiver.CallerSpan;
import dev.sagaref.systemtest.OtlpTraceReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Orders placed through REST against the five services running as separate processes, with a real PostgreSQL
 * and a real Kafka broker. Every test uses customers and products of its own, so they share one running system.
 */
class OrderSagaSystemIT {

    static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);
    static Api api;

    @BeforeAll
    static void startSystem() {
        api = new Api(SystemStack.get());
    }

    @Test
    void happyPathChargesReservesShipsAndApproves() {
        String customer = unique("alice");
        String sku = unique("BOOK");
        api.account(customer, 10_000);
        api.product(sku, 5);

        UUID order = api.placeOrder(customer, "DE", new Line(sku, 2, 1_500));
        JsonNode settled = api.awaitTerminal(order, SAGA_TIMEOUT);

        assertThat(settled.get("status").asString()).isEqualTo("APPROVED");
        assertThat(settled.get("total").asLong()).isEqualTo(3_000);
        assertThat(api.balance(customer)).isEqualTo(7_000);
        assertThat(api.available(sku)).isEqualTo(3);
        assertThat(api.shipments(order)).singleElement().satisfies(shipment -> {
            assertThat(shipment.get("status").asString()).isEqualTo("SCHEDULED");
            assertThat(shipment.get("trackingNumber").asString()).startsWith("TRK-");
        });
        JsonNode saga = api.awaitSagaState(order, "COMPLETED", SAGA_TIMEOUT);
        assertThat(saga.get("steps").valueStream().map(s -> s.get("name").asString()))
                .containsExactly("AuthorizePayment", "ReserveStock", "ScheduleShipment", "ApproveOrder");
    }

    @Test
    void oneOrdersSpansFormOneTraceFromThePostThroughEveryServiceAndBack() {
        String customer = unique("trace");
        String sku = unique("MAP");
        api.account(customer, 10_000);
        api.product(sku, 5);
        CallerSpan caller = CallerSpan.random();

        UUID order = api.placeOrder(caller.asHeader(), customer, "DE", new Line(sku, 1, 500));
        assertThat(api.awaitTerminal(order, SAGA_TIMEOUT).get("status").asString())
                .isEqualTo("APPROVED");

        OtlpTraceReceiver traces = SystemStack.traces();
        List<ReceivedSpan> spans = Api.await(
                () -> traces.trace(caller.traceId()),
                trace -> published(trace).contains("OrderApproved") && isOneTree(trace, caller.spanId()),
                Duration.ofSeconds(30),
                "the order's spans to arrive as one tree under the caller's span");
        System.out.println("Trace of order " + order + ":\n" + traces.render(caller.traceId(), caller.spanId()));

        assertThat(spans).extracting(ReceivedSpan::service).containsAll(SERVICES);
        // Each hop through the outbox is a producer span (outbox write to Kafka ack) in the service that wrote it...
        assertThat(spans)
                .filteredOn(span -> span.kind() == Span.SpanKind.SPAN_KIND_PRODUCER)
                .extracting(span -> span.service() + " " + span.name())
                .contains(
                        "order-service publish OrderCreated",
                        "saga-orchestrator publish AuthorizePayment",
                        "payment-service publish PaymentAuthorized",
                        "saga-orchestrator publish ReserveStock",
                        "inventory-service publish StockReserved",
                        "saga-orchestrator publish ScheduleShipment",
                        "shipping-service publish ShipmentScheduled",
                        "saga-orchestrator publish ApproveOrder",
                        "order-service publish OrderApproved");
        // ...and each delivery a consumer span in the service that handled it.
        assertThat(spans)
                .filteredOn(span -> span.kind() == Span.SpanKind.SPAN_KIND_CONSUMER)
                .extracting(ReceivedSpan::service)
                .containsAll(SERVICES);
        assertThat(spans)
                .filteredOn(span -> span.parentSpanId().equals(caller.spanId()))
                .singleElement()
                .satisfies(root -> {
                    assertThat(root.service()).isEqualTo("order-service");
                    assertThat(root.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
                });
    }

    private static final List<String> SERVICES =
            List.of("order-service", "saga-orchestrator", "payment-service", "inventory-service", "shipping-service");

    @Test
    void insufficientFundsRejectsWithoutTouchingStock() {
        String customer = unique("bob");
        String sku = unique("LAMP");
        api.account(customer, 100);
        api.product(sku, 5);

        UUID order = api.placeOrder(customer, "DE", new Line(sku, 1, 2_000));
        JsonNode settled = api.awaitTerminal(order, SAGA_TIMEOUT);

        assertThat(settled.get("status").asString()).isEqualTo("REJECTED");
        assertThat(settled.get("rejectionReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(api.balance(customer)).isEqualTo(100);
        assertThat(api.available(sku)).isEqualTo(5);
        assertThat(api.shipments(order)).isEmpty();
        api.awaitSagaState(order, "REJECTED", SAGA_TIMEOUT);
    }

    @Test
    void outOfStockRefundsThePayment() {
        String customer = unique("carol");
        String sku = unique("CHAIR");
        api.account(customer, 10_000);
        api.product(sku, 1);

        UUID order = api.placeOrder(customer, "DE", new Line(sku, 2, 1_000));
        JsonNode settled = api.awaitTerminal(order, SAGA_TIMEOUT);

        assertThat(settled.get("status").asString()).isEqualTo("REJECTED");
        assertThat(settled.get("rejectionReason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(api.balance(customer)).isEqualTo(10_000);
        assertThat(api.available(sku)).isEqualTo(1);
        assertThat(api.shipments(order)).isEmpty();
    }

    @Test
    void unsupportedDestinationReleasesStockAndRefunds() {
        String customer = unique("dave");
        String sku = unique("DESK");
        api.account(customer, 10_000);
        api.product(sku, 3);

        UUID order = api.placeOrder(customer, "AQ", new Line(sku, 2, 1_000));
        JsonNode settled = api.awaitTerminal(order, SAGA_TIMEOUT);

        assertThat(settled.get("status").asString()).isEqualTo("REJECTED");
        assertThat(settled.get("rejectionReason").asString()).isEqualTo("UNSUPPORTED_DESTINATION");
        assertThat(api.balance(customer)).isEqualTo(10_000);
        assertThat(api.available(sku)).isEqualTo(3);
        assertThat(api.shipments(order)).isEmpty();
        JsonNode saga = api.awaitSagaState(order, "REJECTED", SAGA_TIMEOUT);
        assertThat(saga.get("steps")
                        .valueStream()
                        .map(s ->
                                s.get("name").asString() + ":" + s.get("status").asString()))
                .containsExactly(
                        "AuthorizePayment:SUCCEEDED",
                        "ReserveStock:SUCCEEDED",
                        "ScheduleShipment:FAILED",
                        "ReleaseStock:COMPENSATED",
                        "RefundPayment:COMPENSATED",
                        "RejectOrder:SUCCEEDED");
    }

    @Test
    void twoOrdersRacingForTheLastUnitOneWins() throws Exception {
        String sku = unique("LAST");
        api.product(sku, 1);
        String first = unique("erin");
        String second = unique("frank");
        api.account(first, 10_000);
        api.account(second, 10_000);

        List<UUID> orders = inParallel(List.of(
                () -> api.placeOrder(first, "DE", new Line(sku, 1, 500)),
                () -> api.placeOrder(second, "DE", new Line(sku, 1, 500))));
        List<String> outcomes = orders.stream()
                .map(order ->
                        api.awaitTerminal(order, SAGA_TIMEOUT).get("status").asString())
                .toList();

        assertThat(outcomes).containsExactlyInAnyOrder("APPROVED", "REJECTED");
        assertThat(api.available(sku)).isZero();
        assertThat(api.balance(first) + api.balance(second)).isEqualTo(20_000 - 500);
    }

    /**
     * 200 orders from 20 customers over 10 products, sent 20 at a time. Every saga ends, and money and stock are
     * conserved: what left the balances and the shelves is exactly what the approved orders bought.
     */
    @Test
    void twoHundredConcurrentOrdersAllEndAndConserveMoneyAndStock() throws Exception {
        List<String> customers = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(unique("load-customer"));
            api.account(customers.get(i), 20_000);
        }
        for (int i = 0; i < 10; i++) {
            skus.add(unique("load-sku"));
            api.product(skus.get(i), 15);
        }
        List<Callable<UUID>> placements = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String customer = customers.get(i % customers.size());
            Line line = new Line(skus.get((i * 7) % skus.size()), 1 + i % 3, 500 + (i % 5) * 250);
            String country = i % 17 == 0 ? "AQ" : "DE"; // some orders take the shipment-rejected path
            placements.add(() -> api.placeOrder(customer, country, line));
        }
        List<UUID> orders = inParallel(placements);

        long approvedMoney = 0;
        long approvedUnits = 0;
        int approved = 0;
        for (UUID order : orders) {
            JsonNode settled = api.awaitTerminal(order, Duration.ofMinutes(3));
            if ("APPROVED".equals(settled.get("status").asString())) {
                approved++;
                approvedMoney += settled.get("total").asLong();
                approvedUnits += settled.get("items")
                        .valueStream()
                        .mapToLong(item -> item.get("quantity").asLong())
                        .sum();
            }
        }
        long moneyLeft = customers.stream().mapToLong(api::balance).sum();
        long unitsLeft = skus.stream().mapToLong(api::available).sum();

        System.out.printf("200 orders: %d approved, %d rejected%n", approved, 200 - approved);
        assertThat(approved).isBetween(1, 199);
        assertThat(20 * 20_000L - moneyLeft).isEqualTo(approvedMoney);
        assertThat(10 * 15L - unitsLeft).isEqualTo(approvedUnits);
        for (UUID order : orders) {
            assertThat(api.awaitSagaTerminal(order, SAGA_TIMEOUT).get("state").asString())
                    .isIn("COMPLETED", "REJECTED");
        }
    }

    static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
