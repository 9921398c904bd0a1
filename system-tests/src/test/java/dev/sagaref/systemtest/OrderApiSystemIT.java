package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.systemtest.Api.Line;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The public REST contract: bad input never yields a 500 and never writes anything; idempotent placement. */
class OrderApiSystemIT {

    static Api api;

    @BeforeAll
    static void startSystem() {
        api = new Api(SystemStack.get());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "malformed JSON             | {\"customerId\": \"x\", \"items\": [                                       | ",
                "items missing              | {\"customerId\":\"c1\",\"shippingAddress\":" + Addr.OK
                        + "}              | items",
                "items empty                | {\"customerId\":\"c1\",\"items\":[],\"shippingAddress\":" + Addr.OK
                        + "} | items",
                "quantity zero              | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":1}],\"shippingAddress\":"
                        + Addr.OK + "}  | items[0].quantity",
                "negative price             | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":-5}],\"shippingAddress\":"
                        + Addr.OK + "} | items[0].unitPrice",
                "fractional quantity        | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":1.5,\"unitPrice\":1}],\"shippingAddress\":"
                        + Addr.OK + "} | items[0].quantity",
                "fractional price           | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":9.99}],\"shippingAddress\":"
                        + Addr.OK + "} | items[0].unitPrice",
                "quantity wrongly typed     | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":\"two\",\"unitPrice\":1}],\"shippingAddress\":"
                        + Addr.OK + "} | items[0].quantity",
                "customer id malformed      | {\"customerId\":\"c 1!\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}],\"shippingAddress\":"
                        + Addr.OK + "} | customerId",
                "country not ISO            | {\"customerId\":\"c1\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}],\"shippingAddress\":{\"name\":\"n\",\"street\":\"s\",\"city\":\"c\",\"postalCode\":\"1\",\"country\":\"Germany\"}} | shippingAddress.country",
            })
    void badOrderIsRefusedWithAProblemThatNamesTheFieldAndWritesNothing(String what, String body, String field) {
        long ordersBefore = totalOrders();

        Api.Response response = api.as("c1").post("order-service", "/api/orders", body, Map.of());

        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(response.body().get("status").asInt()).isEqualTo(400);
        if (field != null) {
            assertThat(response.body().get("detail").asString()).contains(field);
        }
        assertThat(totalOrders()).isEqualTo(ordersBefore);
    }

    @Test
    void oversizedBodyIsRefused() {
        String huge = "{\"customerId\":\"" + "x".repeat(300_000) + "\"}";
        Api.Response response = api.as("c1").post("order-service", "/api/orders", huge, Map.of());
        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void unknownIdsAreNotFoundProblems() {
        Api.Response order = api.get("order-service", "/api/orders/" + UUID.randomUUID());
        assertThat(order.status()).isEqualTo(404);
        assertThat(order.body().get("status").asInt()).isEqualTo(404);
        assertThat(api.get("order-service", "/api/orders/not-a-uuid").status()).isEqualTo(400);
        assertThat(api.get("payment-service", "/api/accounts/" + unique("nobody"))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("inventory-service", "/api/products/" + unique("nothing"))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("saga-orchestrator", "/api/sagas/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void sameIdempotencyKeyAndBodyGivesTheSameOrderAndADifferentBodyIsRefused() {
        String customer = unique("idem");
        String key = UUID.randomUUID().toString();
        String body = Api.orderJson(customer, "DE", new Line("ANY", 1, 100));

        Api.Response first =
                api.as(customer).post("order-service", "/api/orders", body, Map.of("Idempotency-Key", key));
        Api.Response again =
                api.as(customer).post("order-service", "/api/orders", body, Map.of("Idempotency-Key", key));
        Api.Response different = api.as(customer)
                .post(
                        "order-service",
                        "/api/orders",
                        Api.orderJson(customer, "DE", new Line("ANY", 2, 100)),
                        Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(api.get("order-service", "/api/orders?customerId=" + customer)
                        .body()
                        .get("totalElements")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void ordersArePagedAndFilteredByCustomerAndStatus() {
        String customer = unique("pager");
        for (int i = 0; i < 3; i++) {
            api.placeOrder(customer, "DE", new Line("PAGED", 1, 100));
        }
        Api.Response page = api.get("order-service", "/api/orders?customerId=" + customer + "&size=2&page=0");
        assertThat(page.body().get("content").size()).isEqualTo(2);
        assertThat(page.body().get("totalElements").asLong()).isEqualTo(3);
        assertThat(api.get("order-service", "/api/orders?status=NOT_A_STATUS").status())
                .isEqualTo(400);
    }

    @Test
    void badAccountAndProductInputIsRefusedWithAProblemThatNamesTheField() {
        String customer = unique("neg");
        Api.Response negative =
                api.send("payment-service", "/api/accounts/" + customer, "PUT", "{\"balance\": -1}", Map.of());
        Api.Response fractionalBalance =
                api.send("payment-service", "/api/accounts/" + customer, "PUT", "{\"balance\": 10.5}", Map.of());
        Api.Response fractionalStock = api.send(
                "inventory-service",
                "/api/products/" + unique("sku"),
                "PUT",
                "{\"name\":\"n\",\"stock\":2.5}",
                Map.of());
        Api.Response missingName =
                api.send("inventory-service", "/api/products/" + unique("sku"), "PUT", "{\"stock\": 5}", Map.of());
        Api.Response badSku = api.send(
                "inventory-service", "/api/products/bad%20sku", "PUT", "{\"name\":\"n\",\"stock\":1}", Map.of());

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("detail").asString()).contains("balance");
        assertThat(fractionalBalance.status()).isEqualTo(400);
        assertThat(fractionalBalance.body().get("detail").asString()).contains("balance");
        assertThat(fractionalStock.status()).isEqualTo(400);
        assertThat(fractionalStock.body().get("detail").asString()).contains("stock");
        assertThat(api.get("payment-service", "/api/accounts/" + customer).status())
                .isEqualTo(404);
        assertThat(missingName.status()).isEqualTo(400);
        assertThat(missingName.body().get("detail").asString()).contains("name");
        assertThat(badSku.status()).isEqualTo(400);
    }

    @Test
    void stuckOrFailedSagasCanBeFoundByStateAndAge() {
        String customer = unique("finder");
        api.account(customer, 10_000);
        UUID order = api.placeOrder(customer, "DE", new Line(unique("none"), 1, 100));
        api.awaitSagaState(order, "REJECTED", OrderSagaSystemIT.SAGA_TIMEOUT);

        Api.Response rejected = api.get("saga-orchestrator", "/api/sagas?state=REJECTED&olderThan=PT0S");
        Api.Response notYetOldEnough = api.get("saga-orchestrator", "/api/sagas?state=REJECTED&olderThan=P1D");

        assertThat(rejected.body().valueStream().map(saga -> saga.get("orderId").asString()))
                .contains(order.toString());
        assertThat(notYetOldEnough
                        .body()
                        .valueStream()
                        .map(saga -> saga.get("orderId").asString()))
                .doesNotContain(order.toString());
        assertThat(api.get("saga-orchestrator", "/api/sagas").status()).isEqualTo(400);
        String metrics = api.send("saga-orchestrator", "/actuator/prometheus", "GET", null, Map.of())
                .raw()
                .body();
        assertThat(metrics).contains("saga_ended_total").contains("outcome=\"REJECTED\"");
        // Per step, by how it ended: here payment succeeded, stock failed and the payment was refunded.
        assertThat(metrics.lines().filter(line -> line.startsWith("saga_step_duration_seconds_count")))
                .anySatisfy(line -> assertThat(line).contains("outcome=\"SUCCEEDED\"", "step=\"AuthorizePayment\""))
                .anySatisfy(line -> assertThat(line).contains("outcome=\"FAILED\"", "step=\"ReserveStock\""))
                .anySatisfy(line -> assertThat(line).contains("outcome=\"COMPENSATED\"", "step=\"RefundPayment\""));
    }

    private static long totalOrders() {
        return api.get("order-service", "/api/orders?size=1")
                .body()
                .get("totalElements")
                .asLong();
    }

    /** A valid shipping address as JSON, for the bad-input cases. */
    interface Addr {
        String OK = "{\"name\":\"n\",\"street\":\"s\",\"city\":\"c\",\"postalCode\":\"1\",\"country\":\"DE\"}";
    }
}
