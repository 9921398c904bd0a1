package dev.sagaref.systemtest;

import dev.sagaref.systemtest.Api.Line;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Orders placed at a steady pace in the background while a test kills, starts and stops processes, as traffic keeps
 * arriving in production while a pod dies or a replica is added. Each order buys one unit of one product for a
 * fixed price, from customers taken in turn.
 */
final class OrderStream implements AutoCloseable {

    static final long PRICE = 1_000;

    private final Api api;
    private final List<String> customers;
    private final String sku;
    private final List<UUID> placed = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    private OrderStream(Api api, List<String> customers, String sku) {
        this.api = api;
        this.customers = customers;
        this.sku = sku;
    }

    /** Starts placing one order every {@code interval}. */
    static OrderStream start(Api api, List<String> customers, String sku, Duration interval) {
        OrderStream stream = new OrderStream(api, customers, sku);
        stream.pacer.scheduleAtFixedRate(stream::placeOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return stream;
    }

    private void placeOne() {
        try {
            String customer = customers.get(next.getAndIncrement() % customers.size());
            UUID order = api.placeOrder(customer, "DE", new Line(sku, 1, PRICE));
            synchronized (placed) {
                placed.add(order);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            throw e; // ends the stream: a placement that fails is a finding, not something to skip
        }
    }

    int placedSoFar() {
        synchronized (placed) {
            return placed.size();
        }
    }

    /** Waits until at least this many orders are placed in all. */
    void awaitPlaced(int count) {
        Api.await(
                this::placedSoFar, n -> n >= count || failure.get() != null, Duration.ofMinutes(2), count + " orders");
    }

    /** Stops placing and returns every order placed, in order; fails if any placement failed. */
    List<UUID> stop() {
        close();
        if (failure.get() != null) {
            throw new AssertionError("placing an order failed", failure.get());
        }
        synchronized (placed) {
            return List.copyOf(placed);
        }
    }

    @Override
    public void close() {
        pacer.shutdown();
        try {
            pacer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
