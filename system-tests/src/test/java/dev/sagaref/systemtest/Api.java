package dev.sagaref.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system's REST APIs as a test sees them, with a real token from the stack's issuer: the operator's unless {@link
 * #as} names a customer. Placing an order always goes as the order's customer.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final LocalStack stack;
    /** The Authorization header's value, or null to send none. */
    private final java.util.function.Supplier<String> authorization;

    Api(LocalStack stack) {
        this(stack, () -> stack.tokens().operator());
    }

    private Api(LocalStack stack, java.util.function.Supplier<String> authorization) {
        this.stack = stack;
        this.authorization = authorization;
    }

    /** The same API, signed in as this customer. */
    Api as(String customerId) {
        return new Api(stack, () -> stack.tokens().customer(customerId));
    }

    /** The same API, sending this Authorization header (a forged or broken token), or none for null. */
    Api withAuthorization(String header) {
        return new Api(stack, () -> header);
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {}

    Response put(String module, String path, Object body) {
        return send(module, path, "PUT", JSON.writeValueAsString(body), Map.of());
    }

    Response post(String module, String path, String json, Map<String, String> headers) {
        return send(module, path, "POST", json, headers);
    }

    Response get(String module, String path) {
        return send(module, path, "GET", null, Map.of());
    }

    Response send(String module, String path, String method, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl(module) + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        String token = authorization.get();
        if (token != null) {
            request.header("Authorization", token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers()
                    .firstValue("Content-Type")
                    .map(type -> type.contains("json"))
                    .orElse(false);
            JsonNode body =
                    !isJson || response.body() == null || response.body().isBlank()
                            ? tools.jackson.databind.node.NullNode.getInstance()
                            : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- domain helpers ---

    void account(String customerId, long balance) {
        assertThat(put("payment-service", "/api/accounts/" + customerId, Map.of("balance", balance))
                        .status())
                .isEqualTo(200);
    }

    /** That many new customers, each with an account holding {@code balance}. */
    List<String> customers(String prefix, int count, long balance) {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            customers.add(unique(prefix));
            account(customers.get(i), balance);
        }
        return customers;
    }

    long balance(String customerId) {
        return get("payment-service", "/api/accounts/" + customerId)
                .body()
                .get("balance")
                .asLong();
    }

    void product(String sku, int stock) {
        assertThat(put("inventory-service", "/api/products/" + sku, Map.of("name", "Product " + sku, "stock", stock))
                        .status())
                .isEqualTo(200);
    }

    int available(String sku) {
        return get("inventory-service", "/api/products/" + sku)
                .body()
                .get("available")
                .asInt();
    }

    record Line(String sku, int quantity, long unitPrice) {}

    static String orderJson(String customerId, String country, Line... lines) {
        return JSON.writeValueAsString(Map.of(
                "customerId", customerId,
                "items",
                        List.of(lines).stream()
                                .map(l -> Map.of("sku", l.sku(), "quantity", l.quantity(), "unitPrice", l.unitPrice()))
                                .toList(),
                "shippingAddress",
                        Map.of(
                                "name", "Test Customer",
                                "street", "1 Main Street",
                                "city", "Berlin",
                                "postalCode", "10115",
                                "country", country)));
    }

    UUID placeOrder(String customerId, String country, Line... lines) {
        return placeOrder(Map.of(), customerId, country, lines);
    }

    UUID placeOrder(Map<String, String> headers, String customerId, String country, Line... lines) {
        Response response =
                as(customerId).post("order-service", "/api/orders", orderJson(customerId, country, lines), headers);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        assertThat(response.body().get("status").asString()).isEqualTo("PENDING");
        return UUID.fromString(response.body().get("id").asString());
    }

    JsonNode order(UUID orderId) {
        return get("order-service", "/api/orders/" + orderId).body();
    }

    /** Waits until the order is APPROVED or REJECTED and returns it. */
    JsonNode awaitTerminal(UUID orderId, Duration timeout) {
        return await(
                () -> order(orderId), o -> !"PENDING".equals(o.get("status").asString()), timeout, "order " + orderId);
    }

    /** Fails unless the order ends APPROVED, naming its saga: state, reason and the timeline of its steps. */
    void assertApproved(UUID orderId, Duration timeout) {
        String status = awaitTerminal(orderId, timeout).get("status").asString();
        assertThat(status).as("order %s, saga %s", orderId, saga(orderId)).isEqualTo("APPROVED");
    }

    /** Fails unless the order ends REJECTED with this reason. */
    void assertRejected(UUID orderId, String reason, Duration timeout) {
        JsonNode settled = awaitTerminal(orderId, timeout);
        assertThat(settled.get("status").asString()).as("order %s", orderId).isEqualTo("REJECTED");
        assertThat(settled.get("rejectionReason").asString()).isEqualTo(reason);
    }

    /** Waits until the order's saga names this rejection reason; it may still be compensating. */
    JsonNode awaitRejectionReason(UUID orderId, String reason, Duration timeout) {
        return await(
                () -> saga(orderId),
                s -> !s.isNull() && reason.equals(s.path("rejectionReason").asString(null)),
                timeout,
                "the saga of " + orderId + " to be rejected with " + reason);
    }

    JsonNode saga(UUID orderId) {
        JsonNode list =
                get("saga-orchestrator", "/api/sagas?orderId=" + orderId).body();
        return list.isEmpty() ? tools.jackson.databind.node.NullNode.getInstance() : list.get(0);
    }

    JsonNode awaitSagaState(UUID orderId, String state, Duration timeout) {
        return await(
                () -> saga(orderId),
                s -> !s.isNull() && state.equals(s.get("state").asString()),
                timeout,
                "saga of " + orderId + " in " + state);
    }

    JsonNode awaitSagaTerminal(UUID orderId, Duration timeout) {
        return await(
                () -> saga(orderId),
                s -> !s.isNull()
                        && List.of("COMPLETED", "REJECTED", "COMPENSATION_FAILED")
                                .contains(s.get("state").asString()),
                timeout,
                "saga of " + orderId + " to end");
    }

    List<JsonNode> shipments(UUID orderId) {
        JsonNode list =
                get("shipping-service", "/api/shipments?orderId=" + orderId).body();
        return list.valueStream().toList();
    }

    static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = read.get();
        }
        return value;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
