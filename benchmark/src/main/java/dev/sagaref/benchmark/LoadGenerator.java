package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An open-model load: orders are sent at fixed intended times, whether or not earlier ones have finished, and every
 * latency is measured from the intended send time. A slow system therefore shows up as latency instead of quietly
 * lowering the rate (no coordinated omission).
 */
final class LoadGenerator implements AutoCloseable {

    /** One placed order: when it was meant to be sent, when POST returned, and which path it should take. */
    record Placed(UUID orderId, long intendedNanos, long acceptedNanos, SagaPath expectedPath) {}

    record Order(String json, String customer, SagaPath expectedPath) {}

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    /** Its threads are not daemons: {@link #close()} ends them, so a finished benchmark can exit. */
    private final ExecutorService responses = Executors.newFixedThreadPool(32);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(responses)
            .build();
    private final URI orders;
    final AtomicInteger failedRequests = new AtomicInteger();

    private final DevTokens tokens;

    LoadGenerator(String orderServiceUrl, DevTokens tokens) {
        this.orders = URI.create(orderServiceUrl + "/api/orders");
        this.tokens = tokens;
    }

    /** Sends {@code rate} orders per second for {@code duration}; returns once every POST has returned. */
    List<Placed> run(int rate, Duration duration, IntFunction<Order> nextOrder) {
        long period = 1_000_000_000L / rate;
        int total = (int) (duration.toSeconds() * rate);
        ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
        CompletableFuture<?>[] requests = new CompletableFuture<?>[total];
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Order order = nextOrder.apply(i);
            HttpRequest request = HttpRequest.newBuilder(orders)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", tokens.customer(order.customer()))
                    .POST(HttpRequest.BodyPublishers.ofString(order.json()))
                    .build();
            requests[i] = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        Matcher id = ID.matcher(response.body());
                        if (response.statusCode() == 201 && id.find()) {
                            placed.add(new Placed(
                                    UUID.fromString(id.group(1)), intended, System.nanoTime(), order.expectedPath()));
                        } else {
                            failedRequests.incrementAndGet();
                        }
                    })
                    .exceptionally(error -> {
                        failedRequests.incrementAndGet();
                        return null;
                    });
        }
        CompletableFuture.allOf(requests).join();
        return List.copyOf(placed);
    }

    @Override
    public void close() {
        responses.shutdownNow();
    }
}
