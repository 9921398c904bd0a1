package dev.sagaref.benchmark;

import dev.sagaref.localrun.ConsumerLag;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * The benchmark: for each relay mode, starts the whole system through the local launcher (fresh data, its own
 * ports), or uses one already running ({@code --target}); seeds accounts and products, samples the idle stack's CPU,
 * warms the JVMs up, then drives orders through REST at a fixed rate or a ramp and writes {@code result.json} and
 * {@code report.md} with charts. {@code ./run-benchmark --help} lists options.
 */
public final class Benchmark {

    static final int CUSTOMERS = 200;
    static final int PRODUCTS = 50;
    static final Duration DRAIN = Duration.ofSeconds(60);
    /**
     * The services commit what their consumers handled once a second (messaging.consumer.commit-interval), and an idle
     * consumer within two seconds, so the last messages of a run count as lag for that long after they were handled.
     */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(5);

    /**
     * How long a run waits between two readings of every stack process's PSS (and it reads once more at the end).
     * Memory moves slowly, and a reading walks the memory map of about 80 processes through {@code smaps_rollup},
     * holding each one's map lock for reading meanwhile: about 45 ms of kernel time on this machine
     * (docs/benchmark.md).
     */
    static final Duration PSS_PERIOD = Duration.ofSeconds(10);

    /** How long the message-wait reader may take, once the run ended, to read what was sent up to then. */
    private static final Duration WAITS_CATCH_UP = Duration.ofSeconds(30);

    /** How long a run waits between two readings of the consumer lag. */
    static final Duration LAG_PERIOD = Duration.ofSeconds(2);

    private static final ServiceMetrics SERVICE_METRICS = new ServiceMetrics();

    /**
     * Orders per second and how long, before anything is measured ({@code --warm-up}). Cold JVMs sharing two cores
     * spend their first minute compiling; loaded at once they fall behind, saga deadlines fire and resends keep them
     * behind. So the warm-up starts gently, and each stage waits until its orders have ended.
     */
    record WarmUpStage(int rate, Duration duration) {}

    private Benchmark() {}

    /** Exits explicitly: 0 once the report is written, 1 if the run failed, 2 for bad options. */
    public static void main(String[] args) {
        System.exit(exitStatus(args));
    }

    private static int exitStatus(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(Options.USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print("run-benchmark: " + e.getMessage() + "\n\n" + Options.USAGE);
            return 2;
        }
        try {
            run(options);
            return 0;
        } catch (Exception e) {
            e.printStackTrace();
            // Last, so the cause is what the terminal shows at the bottom.
            System.err.println("run-benchmark failed: " + e);
            return 1;
        }
    }

    private static void run(Options options) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path output = Files.createDirectories(root.resolve(options.output()));
        if (options.mode().equals("start")) {
            StartMeasurement.run(root, options.relays().get(0), output);
            return;
        }
        List<Result.IdleStack> idle = new ArrayList<>();
        List<Result.Run> runs = new ArrayList<>();
        if (options.target() != null) {
            System.out.printf("== %s: using the running stack%n", options.target());
            try (StackUnderTest stack = RunningStack.attach(options)) {
                measureStack(stack, options, idle, runs);
            }
        } else {
            for (String relay : options.relays()) {
                System.out.printf("== relay=%s: starting the stack%n", relay);
                try (StackUnderTest stack = LaunchedStack.start(root, relay)) {
                    measureStack(stack, options, idle, runs);
                }
            }
        }
        Result result = new Result(Instant.now().toString(), options, Machine.describe(), idle, runs);
        Report.write(result, output);
        System.out.println("\nReport: " + output.resolve("report.md") + "\nResult: " + output.resolve("result.json"));
    }

    /** Seeds, samples the idle stack, warms up, then measures the fixed rate or the ramp: adds to idle and runs. */
    private static void measureStack(
            StackUnderTest stack, Options options, List<Result.IdleStack> idle, List<Result.Run> runs)
            throws Exception {
        Workload workload = new Workload(stack, options.rejectShare());
        workload.seed();
        // Before the observer subscribes, so none of its fetches are counted as the idle stack's.
        if (!options.idle().isZero()) {
            idle.add(measureIdle(stack, options.idle()));
        }
        try (TerminalObserver observer =
                new TerminalObserver(stack.kafkaBootstrapServers(), options.target() == null)) {
            observer.awaitReady();
            System.out.println("   warming up (not reported)");
            for (WarmUpStage stage : options.warmUp()) {
                warmUp(stack, observer, workload, stage);
            }
            if (options.mode().equals("fixed")) {
                runs.add(measure(stack, observer, workload, options.rate(), options.duration()));
            } else {
                for (int rate : options.rampRates()) {
                    Result.Run step = measure(stack, observer, workload, rate, options.rampStep());
                    runs.add(step);
                    if (!step.sustainable()) {
                        break;
                    }
                }
            }
        }
    }

    /** The stack's CPU with no orders: what the relays' polling, Kafka and PostgreSQL cost when nothing happens. */
    static Result.IdleStack measureIdle(StackUnderTest stack, Duration duration) throws InterruptedException {
        System.out.printf("   idle for %ds (CPU sampled, no orders)%n", duration.toSeconds());
        ProcessSampler sampler = new ProcessSampler(stack.processIds());
        long start = System.nanoTime();
        Map<String, ProcessSampler.Usage> before = sampler.sample();
        Thread.sleep(duration.toMillis());
        Map<String, ProcessSampler.Usage> after = sampler.sample();
        Result.IdleStack idle = Result.IdleStack.of(
                stack.relay(),
                duration,
                ProcessSampler.cpuPercentOfOneCore(before, after, (System.nanoTime() - start) / 1e9));
        System.out.printf("   idle: %s%% of one core%n", Report.figure(idle.totalCpuPercentOfOneCore(), "%.1f"));
        return idle;
    }

    /** The consumer lag left once the services had time to commit what they handled; -1 if the broker did not say. */
    static long lagOnceCommitted(Admin admin) throws InterruptedException {
        long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
        long lag = ServiceMetrics.consumerLag(admin);
        while (lag != 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            lag = ServiceMetrics.consumerLag(admin);
        }
        return lag;
    }

    /**
     * Places a warm-up stage's orders and waits for their sagas to end. Nothing is sampled or read beside them:
     * process readings, lag and message waits of a warm-up were read and thrown away.
     */
    static void warmUp(StackUnderTest stack, TerminalObserver observer, Workload workload, WarmUpStage stage)
            throws Exception {
        announce(stage.rate(), stage.duration());
        try (LoadGenerator load = new LoadGenerator(stack.baseUrl("order-service"), stack.tokens())) {
            List<LoadGenerator.Placed> placed = load.run(stage.rate(), stage.duration(), workload::order);
            awaitEnds(observer, placed, System.nanoTime());
        }
    }

    /**
     * The line every stage starts with, warm-up or measured. Scripts beside a run count these lines to know when the
     * measured minute starts ({@code profile.sh}, {@code threadcpu.sh}, {@code svcthreads.sh} under docs/benchmark/).
     */
    private static void announce(int rate, Duration duration) {
        System.out.printf("   %d orders/s for %ds ...%n", rate, duration.toSeconds());
    }

    /** Waits until every placed order's saga has ended, or {@link #DRAIN} after {@code loadEnd}. */
    private static void awaitEnds(TerminalObserver observer, List<LoadGenerator.Placed> placed, long loadEnd)
            throws InterruptedException {
        long deadline = loadEnd + DRAIN.toNanos();
        while (System.nanoTime() < deadline && placed.stream().anyMatch(p -> observer.terminal(p.orderId()) == null)) {
            Thread.sleep(100);
        }
    }

    static Result.Run measure(
            StackUnderTest stack, TerminalObserver observer, Workload workload, int rate, Duration duration)
            throws Exception {
        announce(rate, duration);
        ProcessSampler sampler = new ProcessSampler(stack.processIds());
        Map<String, ProcessSampler.Usage> before = sampler.sample();
        Map<String, Double> peakPss = new ConcurrentHashMap<>();
        AtomicLong peakLag = new AtomicLong();
        Map<String, Long> peakLagByListener = new ConcurrentSkipListMap<>();
        String orchestrator = stack.baseUrl("saga-orchestrator");
        Map<String, SortedMap<Double, Double>> relayLatencyBefore;
        Long relayedBefore;
        List<LoadGenerator.Placed> placed;
        int failedRequests;
        long start;
        long loadEnd;
        long end;
        Map<String, ProcessSampler.Usage> after;
        long lagAtEnd;
        Map<String, MessageWaits.Wait> waits;
        try (Admin lagReader = ConsumerLag.openAdmin(stack.kafkaBootstrapServers());
                MessageWaits waitReader = new MessageWaits(stack.kafkaBootstrapServers())) {
            waitReader.awaitReady();
            long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
            try (LoadGenerator load = new LoadGenerator(stack.baseUrl("order-service"), stack.tokens())) {
                // With fixed delays, a slow reading postpones the next ones instead of making them run back to back.
                monitor.scheduleWithFixedDelay(
                        () -> sampler.sample()
                                .forEach((name, usage) -> peakPss.merge(name, usage.pssMegabytes(), Math::max)),
                        0,
                        PSS_PERIOD.toMillis(),
                        TimeUnit.MILLISECONDS);
                monitor.scheduleWithFixedDelay(
                        () -> {
                            Map<String, Long> lag = ServiceMetrics.consumerLagByListener(lagReader);
                            if (lag != null) { // a sample the broker did not answer leaves the peaks as they were
                                peakLag.accumulateAndGet(ConsumerLag.sum(lag), Math::max);
                                lag.forEach((listener, behind) -> peakLagByListener.merge(listener, behind, Math::max));
                            }
                        },
                        0,
                        LAG_PERIOD.toMillis(),
                        TimeUnit.MILLISECONDS);
                relayLatencyBefore = commitToKafkaBuckets(stack);
                relayedBefore = SERVICE_METRICS.publishedMessages(orchestrator);
                start = System.nanoTime();
                placed = load.run(rate, duration, workload::order);
                failedRequests = load.failedRequests.get();
                loadEnd = System.nanoTime();
                awaitEnds(observer, placed, loadEnd);
            } finally {
                monitor.shutdown();
                if (!monitor.awaitTermination(10, TimeUnit.SECONDS)) {
                    // A reading the broker is slow to answer: interrupt it rather than let it add to the peaks late.
                    monitor.shutdownNow();
                    monitor.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
            end = System.nanoTime();
            after = sampler.sample();
            lagAtEnd = lagOnceCommitted(lagReader);
            waits = waitReader.stopAndSummarise(startMicros, WAITS_CATCH_UP);
        }
        Long relayedAfter = SERVICE_METRICS.publishedMessages(orchestrator);

        Result.Run run = Result.Run.of(
                stack.relay(),
                rate,
                duration,
                placed,
                observer,
                failedRequests,
                start,
                loadEnd,
                end,
                before,
                after,
                peakPss,
                peakLag.get(),
                new TreeMap<>(peakLagByListener),
                lagAtEnd,
                commitToKafkaBetween(relayLatencyBefore, commitToKafkaBuckets(stack)),
                relayedBefore == null || relayedAfter == null ? null : relayedAfter - relayedBefore);
        run = run.withBreakdown(StepBreakdown.sample(orchestrator, stack.tokens(), placed, observer, 100), waits);
        System.out.printf(
                "   done: %d placed, %d ended, p50=%.0f ms p99=%.0f ms, %.1f sagas/s, relayed/needed %s, PSS %s MB%s%n",
                run.placed(),
                run.completed(),
                run.latencyMillis().get("p50"),
                run.latencyMillis().get("p99"),
                run.throughputPerSecond(),
                Report.figure(run.relayedPerNeeded(), "%.2f"),
                Report.figure(run.totalPssMegabytes(), "%.0f"),
                run.sustainable() ? "" : "  (not sustainable)");
        return run;
    }

    private static Map<String, SortedMap<Double, Double>> commitToKafkaBuckets(StackUnderTest stack) {
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
        private final StackUnderTest stack;
        private final double rejectShare;
        private final HttpClient http = HttpClient.newHttpClient();

        Workload(StackUnderTest stack, double rejectShare) {
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
            // Every customer signs in now, so no order waits for a sign-in while the clock runs.
            for (int i = 0; i < CUSTOMERS; i++) {
                stack.tokens().customer("bench-c-" + i);
            }
            stack.tokens().customer("bench-poor");
        }

        /**
         * Order number {@code i}: of every hundred, rejectShare% take each rejection path. The hundred is walked ten at
         * a time, so with a share in tenths (0.1, 0.2, 0.3) every ten orders carry the same mix: in order of sending,
         * the paths' lengths would otherwise set a period of 100 / rate seconds in the per-second latency (2 s at
         * 50/s, 5 s at 20/s). Other shares keep their proportion per hundred.
         */
        LoadGenerator.Order order(int i) {
            int slot = (i % 10) * 10 + (i % 100) / 10;
            int share = (int) Math.round(rejectShare * 100);
            String customer = "bench-c-" + (i % CUSTOMERS);
            String sku = "bench-p-" + (i % PRODUCTS);
            String country = "DE";
            SagaPath path = SagaPath.APPROVED;
            if (slot < share) {
                customer = "bench-poor";
                path = SagaPath.INSUFFICIENT_FUNDS;
            } else if (slot < 2 * share) {
                sku = "bench-empty";
                path = SagaPath.OUT_OF_STOCK;
            } else if (slot < 3 * share) {
                country = "AQ";
                path = SagaPath.UNSUPPORTED_DESTINATION;
            }
            String json = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku
                    + "\",\"quantity\":1,\"unitPrice\":1250}],\"shippingAddress\":{\"name\":\"Bench\",\"street\":\"1 Load St\","
                    + "\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"" + country + "\"}}";
            return new LoadGenerator.Order(json, customer, path);
        }

        private void put(String module, String path, String json) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(stack.baseUrl(module) + path))
                            .header("Content-Type", "application/json")
                            .header("Authorization", stack.tokens().operator())
                            .PUT(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Seeding " + path + " failed: " + response.body());
            }
        }
    }
}
