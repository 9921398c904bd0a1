package dev.sagaref.chaos;

import dev.sagaref.localrun.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Orders at a steady rate whatever state the system is in (an open model), sent as a careful client would: each
 * with an {@code Idempotency-Key}, to either order-service instance in turn, and retried with the same key on a
 * connection error, a timeout or a 5xx until accepted. Every placement is kept in the run's history.
 */
final class Traffic implements AutoCloseable {

    /**
     * One order as the client saw it: when it was meant to be sent, when it was accepted and as which order (null if
     * never), how many requests that took, and the last failure on the way.
     */
    record Placement(
            int index,
            String idempotencyKey,
            Instant intended,
            Instant accepted,
            UUID orderId,
            int requests,
            String lastFailure) {

        boolean wasAccepted() {
            return orderId != null;
        }
    }

    /** The order ids of the placements that were accepted. */
    static Set<UUID> acceptedOrderIds(List<Placement> history) {
        return history.stream()
                .filter(Placement::wasAccepted)
                .map(Placement::orderId)
                .collect(Collectors.toSet());
    }

    /** A client gives up on an order after this long; a run whose orders give up fails its availability check. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final List<URI> orderEndpoints;
    private final Catalog catalog;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    /** Waiting clients block here (Java 17 runs the chaos runner, so no virtual threads). */
    private final ExecutorService clients = Executors.newFixedThreadPool(64);

    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentLinkedQueue<Placement> history = new ConcurrentLinkedQueue<>();

    private final DevTokens tokens;

    Traffic(List<String> orderServiceUrls, Catalog catalog, DevTokens tokens) {
        this.orderEndpoints = orderServiceUrls.stream()
                .map(url -> URI.create(url + "/api/orders"))
                .toList();
        this.catalog = catalog;
        this.tokens = tokens;
    }

    /** Starts placing {@code perSecond} orders a second in the background. */
    void start(int perSecond) {
        pacer.scheduleAtFixedRate(
                () -> {
                    int index = next.getAndIncrement();
                    Instant intended = Instant.now();
                    clients.execute(() -> history.add(place(index, catalog.order(index), intended)));
                },
                0,
                1_000_000 / perSecond,
                TimeUnit.MICROSECONDS);
    }

    /** Places one order now and waits until it is accepted or given up; it joins the history like the others. */
    Placement placeNow(Catalog.Order order) {
        Placement placement = place(next.getAndIncrement(), order, Instant.now());
        history.add(placement);
        return placement;
    }

    /** Stops sending new orders, waits for the clients still retrying, and returns every placement. */
    List<Placement> stop() throws InterruptedException {
        pacer.shutdown();
        pacer.awaitTermination(10, TimeUnit.SECONDS);
        clients.shutdown();
        clients.awaitTermination(GIVE_UP_AFTER.toSeconds() + 30, TimeUnit.SECONDS);
        return new ArrayList<>(history);
    }

    private Placement place(int index, Catalog.Order order, Instant intended) {
        String key = "chaos-" + UUID.randomUUID();
        String lastFailure = null;
        Duration backoff = Duration.ofMillis(200);
        int requests = 0;
        while (Duration.between(intended, Instant.now()).compareTo(GIVE_UP_AFTER) < 0) {
            URI endpoint = orderEndpoints.get((index + requests) % orderEndpoints.size());
            requests++;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key)
                                .header("Authorization", tokens.customer(order.customer()))
                                .POST(HttpRequest.BodyPublishers.ofString(order.json()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher id = ID.matcher(response.body());
                if ((response.statusCode() == 201 || response.statusCode() == 200) && id.find()) {
                    return new Placement(
                            index, key, intended, Instant.now(), UUID.fromString(id.group(1)), requests, lastFailure);
                }
                lastFailure = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
                if (response.statusCode() < 500) {
                    break; // the request itself is wrong; sending it again would not help
                }
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(backoff);
            backoff = Collections.min(List.of(backoff.multipliedBy(2), Duration.ofSeconds(5)));
        }
        return new Placement(index, key, intended, null, null, requests, lastFailure);
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        clients.shutdownNow();
    }
}
