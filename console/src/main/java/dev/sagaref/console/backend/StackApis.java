package dev.sagaref.console.backend;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The stack's APIs as the console uses them, called as the signed-in operator. Errors of the services (a 409 on a
 * second retry, a 400 on a bad form) reach the caller as {@link org.springframework.web.client.RestClientResponseException}
 * with the service's problem details, which the console's pages show as they are.
 */
public class StackApis {

    private final RestClient orders;
    private final RestClient payments;
    private final RestClient inventory;
    private final RestClient shipping;
    private final RestClient sagas;

    StackApis(RestClient orders, RestClient payments, RestClient inventory, RestClient shipping, RestClient sagas) {
        this.orders = orders;
        this.payments = payments;
        this.inventory = inventory;
        this.shipping = shipping;
        this.sagas = sagas;
    }

    /** A saga as the orchestrator reports it (GET /api/sagas/...). */
    public record Saga(
            UUID id,
            UUID orderId,
            String startedBy,
            String state,
            String currentStep,
            String rejectionReason,
            Instant startedAt,
            Instant updatedAt,
            Instant deadline,
            Instant givesUpAt,
            List<Step> steps) {

        public boolean isTerminal() {
            return state.equals("COMPLETED") || state.equals("REJECTED") || state.equals("COMPENSATION_FAILED");
        }

        /** How long after the saga's first step {@code at} is, for the timeline's bars. */
        public long millisFromStart(Instant at) {
            Instant start = steps.isEmpty() ? startedAt : steps.get(0).startedAt();
            return at == null ? 0 : java.time.Duration.between(start, at).toMillis();
        }

        /** From the first step's start to the end of the last one (or to now, while it runs), at least 1 ms. */
        public long spanMillis() {
            Instant end = steps.stream()
                    .map(Step::endedAt)
                    .filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo)
                    .orElse(startedAt);
            return Math.max(1, millisFromStart(isTerminal() ? end : Instant.now()));
        }

        /** Where a step's bar starts on the timeline, in percent of the saga's span. */
        public double barOffsetPercent(Step step) {
            return 100.0 * millisFromStart(step.startedAt()) / spanMillis();
        }

        /** How wide a step's bar is, in percent of the saga's span; a sliver for a running or instant one. */
        public double barWidthPercent(Step step) {
            Long took = step.durationMillis();
            return took == null ? 2 : Math.max(0.5, 100.0 * took / spanMillis());
        }

        public boolean compensationFailed() {
            return state.equals("COMPENSATION_FAILED");
        }

        /** The last step or compensation that failed or timed out, for the attention page; empty if none did. */
        public Optional<Step> lastFailure() {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i).failed()) {
                    return Optional.of(steps.get(i));
                }
            }
            return Optional.empty();
        }
    }

    /** One entry of a saga's timeline: a step or a compensation, how often its command was sent and how it ended. */
    public record Step(
            String name, String status, int attempts, Instant startedAt, Instant endedAt, String initiatedBy) {

        public boolean failed() {
            return status.equals("FAILED") || status.equals("TIMED_OUT");
        }

        /** From its first command to the reply (or timeout) that ended it; null while it runs. */
        public Long durationMillis() {
            return endedAt == null
                    ? null
                    : java.time.Duration.between(startedAt, endedAt).toMillis();
        }
    }

    public record SagaPage(List<Saga> sagas, String next) {}

    /** The filters of the saga list; blank or null means any. Ages are ISO-8601 durations such as PT5M. */
    public record SagaFilter(String state, String customer, String rejectionReason, String minAge, String maxAge) {

        public static final SagaFilter ANY = new SagaFilter(null, null, null, null, null);

        /** Whether {@code saga} passes the filters that do not depend on the clock (the live list checks this). */
        public boolean admits(Saga saga) {
            return (blank(state) || state.equals(saga.state()))
                    && (blank(customer) || customer.equals(saga.startedBy()))
                    && (blank(rejectionReason) || rejectionReason.equals(saga.rejectionReason()));
        }

        UriBuilder addTo(UriBuilder uri) {
            addIfSet(uri, "state", state);
            addIfSet(uri, "customer", customer);
            addIfSet(uri, "rejectionReason", rejectionReason);
            addIfSet(uri, "minAge", minAge);
            addIfSet(uri, "maxAge", maxAge);
            return uri;
        }

        private static void addIfSet(UriBuilder uri, String name, String value) {
            if (!blank(value)) {
                uri.queryParam(name, value.strip());
            }
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    public SagaPage recentSagas(SagaFilter filter, String after, int size) {
        return sagas.get()
                .uri(uri -> {
                    filter.addTo(uri.path("/api/sagas/recent")).queryParam("size", size);
                    if (after != null && !after.isBlank()) {
                        uri.queryParam("after", after);
                    }
                    return uri.build();
                })
                .retrieve()
                .body(SagaPage.class);
    }

    public Map<String, Long> sagaCounts() {
        return sagas.get().uri("/api/sagas/counts").retrieve().body(new ParameterizedTypeReference<>() {});
    }

    public Optional<Saga> saga(UUID id) {
        return notFoundAsEmpty(
                () -> sagas.get().uri("/api/sagas/{id}", id).retrieve().body(Saga.class));
    }

    public Optional<Saga> sagaOfOrder(UUID orderId) {
        List<Saga> found = sagas.get()
                .uri(uri ->
                        uri.path("/api/sagas").queryParam("orderId", orderId).build())
                .retrieve()
                .body(new ParameterizedTypeReference<>() {});
        return found == null ? Optional.empty() : found.stream().findFirst();
    }

    public List<Saga> overdueSagas() {
        return sagas.get().uri("/api/sagas/overdue").retrieve().body(new ParameterizedTypeReference<>() {});
    }

    /** @throws org.springframework.web.client.HttpClientErrorException.Conflict if it is not (or no longer) failed */
    public Saga retryCompensation(UUID sagaId) {
        return sagas.post()
                .uri("/api/sagas/{id}/compensation-retries", sagaId)
                .retrieve()
                .body(Saga.class);
    }

    /** The order, payment, reservation and shipments of one order, as each service holds them now. */
    public record ParticipantViews(JsonNode order, JsonNode payment, JsonNode reservation, JsonNode shipments) {}

    public ParticipantViews participantsOf(UUID orderId) {
        return new ParticipantViews(
                json(orders, "/api/orders/{id}", orderId),
                json(payments, "/api/payments/{id}", orderId),
                json(inventory, "/api/reservations/{id}", orderId),
                json(shipping, "/api/shipments?orderId={id}", orderId));
    }

    public void setBalance(String customerId, long balance) {
        payments.put()
                .uri("/api/accounts/{id}", customerId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("balance", balance))
                .retrieve()
                .toBodilessEntity();
    }

    public void setProduct(String sku, String name, int stock) {
        inventory
                .put()
                .uri("/api/products/{sku}", sku)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "stock", stock))
                .retrieve()
                .toBodilessEntity();
    }

    /**
     * Places an order for a customer as the operator; the key makes a repeated submission of one form place one order.
     *
     * @return the new order's id
     */
    public UUID placeOrder(Map<String, Object> order, String idempotencyKey) {
        JsonNode placed = orders.post()
                .uri("/api/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(order)
                .retrieve()
                .body(JsonNode.class);
        return UUID.fromString(placed.get("id").asString());
    }

    /** The service's JSON for {@code path}, or null where it has nothing (404). */
    private static JsonNode json(RestClient client, String path, UUID id) {
        return notFoundAsEmpty(() -> client.get().uri(path, id).retrieve().body(JsonNode.class))
                .orElse(null);
    }

    private static <T> Optional<T> notFoundAsEmpty(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
