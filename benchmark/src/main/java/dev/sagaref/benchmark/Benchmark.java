package dev.sagaref.benchmark;

import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark: for each relay mode, starts the whole system through the local launcher (fresh data, its own
 * ports), seeds accounts and products, warms the JVMs up, then drives orders through REST at a fixed rate or a ramp
 * and writes {@code result.json} and {@code report.md} with charts. {@code ./run-benchmark --help} lists options.
 */
public final class Benchmark {

    static final int CUSTOMERS = 200;
    static final int PRODUCTS = 50;
    static final Duration DRAIN = Duration.ofSeconds(60);
    /**
     * Orders per second and how long, before anything is measured. Cold JVMs sharing two cores spend their first minute
     * compiling; loaded at once they fall behind, saga deadlines fire and resends keep them behind. So the warm-up
     * starts gently, and each stage waits until its orders have ended.
     */
    static final List<WarmUpStage> WARM_UP =
            List.of(new WarmUpStage(10, Duration.ofSeconds(30)), new WarmUpStage(25, Duration.ofSeconds(30)));

    private static final ServiceMetrics SERVICE_METRICS = new ServiceMetrics();

    record WarmUpStage(int rate, Duration duration) {}

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path root = Path.of("").toAbsolutePath();
        Path output = Files.createDirectories(root.resolve(options.output()));
        List<Result.Run> runs = new ArrayList<>();
        for (String relay : options.relays()) {
            Path data = root.resolve("benchmark/target/stack-" + relay);
            LocalStack.deleteDirectory(data);
            System.out.printf("== relay=%s: starting the stack%n", relay);
            try (LocalStack stack = LocalStack.start(new LocalStack.Settings(root, data, 30_000, relay, Map.of()))) {
                Workload workload = new Workload(stack, options.rejectShare());
                workload.seed();
                try (TerminalObserver observer = new TerminalObserver(stack.kafkaBootstrapServers())) {
                    observer.awaitReady();
                    System.out.println("   warming up (not reported)");
                    for (WarmUpStage stage : WARM_UP) {
                        measure(stack, observer, workload, relay, stage.rate(), stage.duration());
                    }
                    if (options.mode().equals("fixed")) {
                        runs.add(measure(stack, observer, workload, relay, options.rate(), options.duration()));
                    } else {
                        for (int rate : options.rampRates()) {
                            Result.Run step = measure(stack, observer, workload, relay, rate, options.rampStep());
                            runs.add(step);
                            if (!step.sustainable()) {
                                break;
                            }
                        }
                    }
                }
            }
        }
        Result result = new Result(Instant.now().toString(), options, Machine.describe(), runs);
        Report.write(result, output);
        System.out.println("\nReport: " + output.resolve("report.md") + "\nResult: " + output.resolve("result.json"));
    }

    static Result.Run measure(
            LocalStack stack, TerminalObserver observer, Workload workload, String relay, int rate, Duration duration)
            throws Exception {
        System.out.printf("   %d orders/s for %ds ...%n", rate, duration.toSeconds());
        ProcessSampler sampler = new ProcessSampler(stack.processIds());
        Map<String, ProcessSampler.Usage> before = sampler.sample();
        Map<String, Double> peakPss = new LinkedHashMap<>();
        AtomicLong peakLag = new AtomicLong();
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
        monitor.scheduleAtFixedRate(
                () -> {
                    sampler.sample().forEach((name, usage) -> peakPss.merge(name, usage.pssMegabytes(), Math::max));
                    peakLag.accumulateAndGet(ServiceMetrics.consumerLag(stack.kafkaBootstrapServers()), Math::max);
                },
                0,
                2,
                TimeUnit.SECONDS);

        Map<String, SortedMap<Double, Double>> relayLatencyBefore = commitToKafkaBuckets(stack);
        LoadGenerator load = new LoadGenerator(stack.baseUrl("order-service"));
        long start = System.nanoTime();
        List<LoadGenerator.Placed> placed = load.run(rate, duration, workload::order);
        long loadEnd = System.nanoTime();
        long deadline = loadEnd + DRAIN.toNanos();
        while (System.nanoTime() < deadline && placed.stream().anyMatch(p -> observer.terminal(p.orderId()) == null)) {
            Thread.sleep(100);
        }
        monitor.shutdown();
        monitor.awaitTermination(10, TimeUnit.SECONDS);
        long end = System.nanoTime();
        Map<String, ProcessSampler.Usage> after = sampler.sample();
        long lagAtEnd = ServiceMetrics.consumerLag(stack.kafkaBootstrapServers());

        Result.Run run = Result.Run.of(
                relay,
                rate,
                duration,
                placed,
                observer,
                load.failedRequests.get(),
                start,
                loadEnd,
                end,
                before,
                after,
                peakPss,
                peakLag.get(),
                lagAtEnd,
                commitToKafkaBetween(relayLatencyBefore, commitToKafkaBuckets(stack)));
        run = run.withStepMillis(StepBreakdown.sample(stack.baseUrl("saga-orchestrator"), placed, observer, 100));
        System.out.printf(
                "   done: %d placed, %d ended, p50=%.0f ms p99=%.0f ms, %.1f sagas/s, PSS %.0f MB%s%n",
                run.placed(),
                run.completed(),
                run.latencyMillis().get("p50"),
                run.latencyMillis().get("p99"),
                run.throughputPerSecond(),
                run.totalPssMegabytes(),
                run.sustainable() ? "" : "  (not sustainable)");
        return run;
    }

    private static Map<String, SortedMap<Double, Double>> commitToKafkaBuckets(LocalStack stack) {
        Map<String, SortedMap<Double, Double>> result = new LinkedHashMap<>();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            result.put(service.module(), SERVICE_METRICS.commitToKafkaBuckets(stack.baseUrl(service.module())));
        }
        return result;
    }

    /** Per service, the relay's commit-to-ack percentiles of this run alone (warm-up and earlier runs excluded). */
    private static Map<String, Map<String, Double>> commitToKafkaBetween(
            Map<String, SortedMap<Double, Double>> before, Map<String, SortedMap<Double, Double>> after) {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        after.forEach((service, buckets) -> result.put(
                service, ServiceMetrics.percentilesBetween(before.getOrDefault(service, new TreeMap<>()), buckets)));
        return result;
    }

    /** Accounts and products for the load, and the orders that take each path. */
    static final class Workload {
        private final LocalStack stack;
        private final double rejectShare;
        private final HttpClient http = HttpClient.newHttpClient();

        Workload(LocalStack stack, double rejectShare) {
            this.stack = stack;
            this.rejectShare = rejectShare;
        }

        void seed() throws IOException, InterruptedException {
            for (int i = 0; i < CUSTOMERS; i++) {
                put("payment-service", "/api/accounts/bench-c-" + i, "{\"balance\": 1000000000000}");
            }
            put("payment-service", "/api/accounts/bench-poor", "{\"balance\": 0}");
            for (int i = 0; i < PRODUCTS; i++) {
                put(
                        "inventory-service",
                        "/api/products/bench-p-" + i,
                        "{\"name\": \"Item " + i + "\", \"stock\": 1000000000}");
            }
            put("inventory-service", "/api/products/bench-empty", "{\"name\": \"Sold out\", \"stock\": 0}");
        }

        /** Order number {@code i}: the first rejectShare% of every hundred take each rejection path in turn. */
        LoadGenerator.Order order(int i) {
            int slot = i % 100;
            int share = (int) Math.round(rejectShare * 100);
            String customer = "bench-c-" + (i % CUSTOMERS);
            String sku = "bench-p-" + (i % PRODUCTS);
            String country = "DE";
            String path = "APPROVED";
            if (slot < share) {
                customer = "bench-poor";
                path = "INSUFFICIENT_FUNDS";
            } else if (slot < 2 * share) {
                sku = "bench-empty";
                path = "OUT_OF_STOCK";
            } else if (slot < 3 * share) {
                country = "AQ";
                path = "UNSUPPORTED_DESTINATION";
            }
            String json = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku
                    + "\",\"quantity\":1,\"unitPrice\":1250}],\"shippingAddress\":{\"name\":\"Bench\",\"street\":\"1 Load St\","
                    + "\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"" + country + "\"}}";
            return new LoadGenerator.Order(json, path);
        }

        private void put(String module, String path, String json) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(stack.baseUrl(module) + path))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Seeding " + path + " failed: " + response.body());
            }
        }
    }
}
