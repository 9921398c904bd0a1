package dev.sagaref.chaos;

import dev.sagaref.chaos.Faults.Fault;
import dev.sagaref.chaos.Invariants.Check;
import dev.sagaref.chaos.Traffic.Placement;
import dev.sagaref.localrun.DevTokens;
import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code ./run-chaos}: the whole system with two instances of every service, a steady stream of orders, and faults
 * injected one after another and overlapping; then the invariants over the final state, a report, and an exit status
 * that says whether every invariant held.
 */
public final class ChaosRun {

    /**
     * @param schedule {@code full} (every fault the suite knows, about 20 minutes), {@code ci} (a short version) or
     *     {@code network} (the partitions alone)
     * @param ordersPerSecond the steady stream's rate, well below what the stack sustains, so faults are what hurts
     * @param stepTimeout the saga step deadline the services run with; short, so timeouts happen within the run
     */
    public record Options(
            Path projectRoot, Path output, String schedule, int ordersPerSecond, String relay, Duration stepTimeout) {

        static Options parse(String[] args) {
            Map<String, String> given = java.util.Arrays.stream(args)
                    .filter(a -> a.startsWith("--") && a.contains("="))
                    .collect(Collectors.toMap(
                            a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1)));
            for (String arg : args) {
                if (arg.equals("--help") || !arg.startsWith("--") || !arg.contains("=")) {
                    System.out.println(
                            "Usage: ./run-chaos [--schedule=full|ci|network] [--rate=4] [--relay=debezium|polling]"
                                    + " [--output=chaos/target/chaos-report]");
                    System.exit(arg.equals("--help") ? 0 : 2);
                }
            }
            Path root = Path.of("").toAbsolutePath();
            return new Options(
                    root,
                    Path.of(given.getOrDefault("output", "chaos/target/chaos-report")),
                    given.getOrDefault("schedule", "full"),
                    Math.max(1, Integer.parseInt(given.getOrDefault("rate", "4"))),
                    given.getOrDefault("relay", "debezium"),
                    Duration.ofSeconds(15));
        }
    }

    /** What happened when, in seconds since the traffic started. */
    record Event(double at, String fault, String what, String detail) {}

    /** A fault's outcome: when it began and ended, and how long until an order placed after it ended. */
    record FaultResult(String name, double injectedAt, double healedAt, Double recoverySeconds, String detail) {}

    record Outcome(
            Options options,
            List<Event> timeline,
            List<FaultResult> faults,
            List<Placement> history,
            Map<UUID, Invariants.OrderRow> orders,
            Map<UUID, Instant> endedAt,
            List<Check> checks,
            List<String> skipped) {

        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    /**
     * Ports 11000 above the defaults (services 19081-19087 and 19181-19185, PostgreSQL 26432, Kafka 20092 and its
     * controller 30092): clear of ./run-local (0), the system tests (2000, 4000 and 6000) and the benchmark (30000), and
     * all below Linux's ephemeral range (32768 up). Instances restart while a dozen JVMs hold hundreds of
     * connections, and a restarted instance whose port an outgoing connection had been given found it taken (port
     * 53184, the offset before).
     */
    static final int PORT_OFFSET = 11_000;

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Options options;
    private final List<Event> timeline = new ArrayList<>();
    private List<String> orderServices;
    /** Tokens from the stack's issuer: the operator's to seed and read, the customers' to place orders. */
    private DevTokens tokens;

    private long startNanos;

    ChaosRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Outcome outcome = new ChaosRun(options).run();
        Path report = ChaosReport.write(outcome, options.output());
        System.out.println();
        outcome.checks()
                .forEach(check -> System.out.printf(
                        "%s  %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail()));
        System.out.println("\nReport: " + report);
        System.exit(outcome.passed() ? 0 : 1);
    }

    Outcome run() throws Exception {
        Path data = privateDirectory(options.projectRoot().resolve("chaos/target/private-home"))
                .resolve("chaos-stack");
        LocalStack.deleteDirectory(data);
        log("Starting the stack with two instances of every service (relay: " + options.relay() + ")");
        LocalStack.Settings settings = new LocalStack.Settings(
                options.projectRoot(),
                data,
                PORT_OFFSET,
                options.relay(),
                Map.of("SAGA_STEP_TIMEOUT", options.stepTimeout().toSeconds() + "s"));
        String noPartitions = NetworkPartition.unavailableReason();
        List<String> skipped = new ArrayList<>();
        if (noPartitions == null) {
            // A run killed mid-partition leaves its rule behind; it would cut this run's instance from its start.
            NetworkPartition.cleanUp();
            Runtime.getRuntime().addShutdownHook(new Thread(NetworkPartition::cleanUp, "chaos-partition-cleanup"));
        } else {
            skipped.add(noPartitions);
            log("Skipping network partitions: " + noPartitions);
        }
        // Where partitions can be made, every service instance runs in a cgroup of its own, from its first start.
        try (LocalStack stack = noPartitions == null
                ? LocalStack.start(settings, NetworkPartition::launchPrefix)
                : LocalStack.start(settings)) {
            stack.startSecondInstances(
                    LocalStack.SERVICES.stream().map(LocalStack.Service::module).toList());
            Databases databases = new Databases(stack);
            Catalog catalog = new Catalog(UUID.randomUUID().toString().substring(0, 8));
            tokens = stack.tokens();
            seed(stack, catalog);
            Faults faults = new Faults(stack, settings, databases, options.stepTimeout(), noPartitions == null);
            List<Fault> schedule = switch (options.schedule()) {
                case "ci" -> faults.ciSchedule();
                case "network" -> faults.network();
                case "full" -> faults.full();
                default ->
                    throw new IllegalArgumentException(
                            "--schedule must be full, ci or network, not " + options.schedule());
            };

            orderServices = List.of(
                    stack.baseUrl("order-service"), stack.baseUrl("order-service" + LocalStack.SECOND_INSTANCE));
            List<FaultResult> results = new ArrayList<>();
            List<Placement> history;
            // Closed even when a fault throws: its threads would otherwise keep the JVM alive.
            try (Traffic traffic = new Traffic(orderServices, catalog, tokens)) {
                startNanos = System.nanoTime();
                traffic.start(options.ordersPerSecond());
                log(options.ordersPerSecond() + " orders/s; " + schedule.size() + " faults follow");
                sleep(Duration.ofSeconds(20));
                for (Fault fault : schedule) {
                    results.add(inject(fault, traffic, catalog));
                    sleep(Duration.ofSeconds(10));
                }
                note(elapsed(), null, "traffic stopped", null);
                history = traffic.stop();
            }
            log("Waiting for every accepted order to end ...");
            Invariants invariants = new Invariants(
                    databases,
                    catalog,
                    () -> PublishedMessages.read(stack.kafkaBootstrapServers(), stack.kafkaAdminSecurity()));
            settle(invariants, databases, history);
            List<Check> checks =
                    new ArrayList<>(invariants.check(history, options.relay().equals("debezium")));
            checks.add(0, everyInstanceHealthy(stack));
            Set<UUID> accepted = Traffic.acceptedOrderIds(history);
            return new Outcome(
                    options,
                    List.copyOf(timeline),
                    results,
                    history,
                    invariants.orders(accepted),
                    endTimes(databases),
                    checks,
                    skipped);
        } finally {
            if (noPartitions == null) {
                NetworkPartition.cleanUp();
            }
        }
    }

    private FaultResult inject(Fault fault, Traffic traffic, Catalog catalog) {
        double injectedAt = elapsed();
        note(injectedAt, fault.name(), "injected", fault.inject().run());
        sleep(fault.hold());
        String healed = fault.heal().run();
        double healedAt = elapsed();
        note(healedAt, fault.name(), "healed", healed);
        // A probe: an order placed once the fault is healed (a killed instance is back), timed to its end, says how
        // long the backlog the fault left takes to clear.
        Placement probe = traffic.placeNow(catalog.order(0));
        Double recovery = probe.wasAccepted() ? secondsUntilEnded(probe) : null;
        note(elapsed(), fault.name(), "recovered", recovery == null ? "not within the probe's wait" : recovery + " s");
        return new FaultResult(fault.name(), injectedAt, healedAt, recovery, healed);
    }

    /** Seconds from the probe's placement to its end, asking either order-service instance; null after 3 minutes. */
    private Double secondsUntilEnded(Placement probe) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (String orderService : orderServices) {
                String order = get(orderService + "/api/orders/" + probe.orderId(), tokens.operator());
                if (order != null && !order.contains("\"PENDING\"")) {
                    return Math.round(Duration.between(probe.intended(), Instant.now())
                                            .toMillis()
                                    / 100.0)
                            / 10.0;
                }
            }
            sleep(Duration.ofMillis(250));
        }
        return null;
    }

    /** The body of a 200 answer, or null for anything else: a probe asks again. */
    private static String get(String url, String authorization) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void settle(Invariants invariants, Databases databases, List<Placement> history) {
        Set<UUID> accepted = Traffic.acceptedOrderIds(history);
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<UUID, Invariants.OrderRow> orders = invariants.orders(accepted);
            boolean ended = orders.size() == accepted.size()
                    && orders.values().stream().noneMatch(o -> o.status().equals("PENDING"));
            boolean slotsCaughtUp = !options.relay().equals("debezium")
                    || databases.slotLag().stream()
                            .allMatch(slot -> Long.parseLong(slot.get(1)) >= 0
                                    && Long.parseLong(slot.get(1)) <= Invariants.SLOT_LAG_LIMIT_BYTES);
            if (ended && slotsCaughtUp) {
                note(elapsed(), null, "settled", null);
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        note(elapsed(), null, "not settled within " + SETTLE_TIMEOUT.toMinutes() + " minutes", null);
    }

    private static Check everyInstanceHealthy(LocalStack stack) {
        List<String> unhealthy = new ArrayList<>();
        for (String instance : stack.instances()) {
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(stack.baseUrl(instance) + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() != 200) {
                    unhealthy.add(instance + " " + health.statusCode() + " " + health.body());
                }
            } catch (IOException e) {
                unhealthy.add(instance + " " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unhealthy.add(instance + " interrupted");
            }
        }
        return new Check(
                "every service instance healthy at the end (the run restarts what it killed, as Kubernetes would;"
                        + " nothing else is restarted)",
                unhealthy.isEmpty(),
                unhealthy.isEmpty() ? stack.instances().size() + " instances UP" : String.join("; ", unhealthy));
    }

    private Map<UUID, Instant> endTimes(Databases databases) {
        Map<UUID, Instant> ended = new java.util.HashMap<>();
        for (List<String> row : databases.rows(
                "order-service",
                "SELECT id, extract(epoch FROM updated_at) FROM orders"
                        + " WHERE status <> 'PENDING' AND customer_id LIKE 'chaos-%'")) {
            double epoch = Double.parseDouble(row.get(1));
            ended.put(UUID.fromString(row.get(0)), Instant.ofEpochMilli((long) (epoch * 1000)));
        }
        return ended;
    }

    /** Accounts and products as the operator, and every customer signed in before the clock starts. */
    private void seed(LocalStack stack, Catalog catalog) {
        catalog.balances()
                .forEach((customer, balance) -> put(
                        stack.baseUrl("payment-service") + "/api/accounts/" + customer,
                        "{\"balance\": " + balance + "}"));
        catalog.stock()
                .forEach((sku, stock) -> put(
                        stack.baseUrl("inventory-service") + "/api/products/" + sku,
                        "{\"name\": \"" + sku + "\", \"stock\": " + stock + "}"));
        catalog.balances().keySet().forEach(tokens::customer);
    }

    private void put(String url, String json) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Authorization", tokens.operator())
                            .PUT(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT " + url + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void note(double at, String fault, String what, String detail) {
        Event event = new Event(at, fault, what, detail);
        timeline.add(event);
        log(String.format(
                "%6.1f s  %s%s%s",
                event.at(), fault == null ? "" : fault + ": ", what, detail == null ? "" : " (" + detail + ")"));
    }

    private double elapsed() {
        return Math.round((System.nanoTime() - startNanos) / 100_000_000.0) / 10.0;
    }

    private static Path privateDirectory(Path directory) throws IOException {
        return Files.createDirectories(
                directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void log(String message) {
        System.out.println("[chaos] " + message);
    }
}
