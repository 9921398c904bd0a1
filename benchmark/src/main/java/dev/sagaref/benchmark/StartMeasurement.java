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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./run-benchmark --mode=start}: the first minutes of the stack as {@code ./run-local} runs it (AOT caches on
 * Java 25, the launcher's JVM settings), on the benchmark's own ports and data. Starts the stack once, which trains the
 * caches when the build changed, stops it, starts it again and times that start; then times the first orders until
 * they are approved, lets the stack idle and reads each process's memory and threads. Writes {@code start.md}.
 */
final class StartMeasurement {

    private static final Duration IDLE_BEFORE_READING = Duration.ofSeconds(20);
    private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
    private static final int ORDERS = 3;
    /** Spring Boot's own figure: from the JVM's start until the application is ready to serve. */
    private static final Pattern READY_TIME = Pattern.compile("application_ready_time_seconds\\{.*} ([0-9.eE+-]+)");

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StartMeasurement() {}

    static void run(Path root, String relay, Path output) throws Exception {
        new StartMeasurement().measure(root, relay, output);
    }

    private void measure(Path root, String relay, Path output) throws Exception {
        Path data = root.resolve("benchmark/target/stack-start");
        LocalStack.deleteDirectory(data);
        LocalStack.Settings settings = LaunchedStack.asLocalRun(root, data, relay);

        System.out.println("== first start (trains the AOT caches if the build changed since they were made)");
        long firstStarted = System.nanoTime();
        LocalStack.start(settings).close();
        Duration firstStart = Duration.ofNanos(System.nanoTime() - firstStarted);

        System.out.println("== second start, measured");
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start(settings)) {
            Duration allUp = Duration.ofNanos(System.nanoTime() - started);
            Map<String, Double> readySeconds = new LinkedHashMap<>();
            LocalStack.SERVICES.forEach(service -> readySeconds.put(service.module(), readySeconds(stack, service)));
            List<OrderTiming> orders = placeOrders(stack);
            System.out.printf("   idle for %ds before reading memory%n", IDLE_BEFORE_READING.toSeconds());
            Thread.sleep(IDLE_BEFORE_READING.toMillis());
            Map<String, ProcessSampler.Usage> memory = new ProcessSampler(stack.processIds()).sample();
            Map<String, Long> threads = new LinkedHashMap<>();
            stack.processIds().forEach((name, pid) -> threads.put(name, threadsOf(pid)));
            String report = report(stack, relay, firstStart, allUp, readySeconds, orders, memory, threads);
            Files.createDirectories(output);
            Files.writeString(output.resolve("start.md"), report);
            System.out.println();
            System.out.print(report);
            System.out.println("\nReport: " + output.resolve("start.md"));
        }
    }

    private record OrderTiming(Duration accepted, Duration approved) {}

    /** Orders placed one after another, each timed from its POST until its GET shows it APPROVED. */
    private List<OrderTiming> placeOrders(LocalStack stack) throws IOException, InterruptedException {
        String customer = "start-customer";
        String sku = "start-sku";
        send(
                stack,
                "payment-service",
                "/api/accounts/" + customer,
                stack.tokens().operator(),
                "PUT",
                "{\"balance\": 1000000}");
        send(
                stack,
                "inventory-service",
                "/api/products/" + sku,
                stack.tokens().operator(),
                "PUT",
                "{\"name\": \"Start item\", \"stock\": 1000}");
        String token = stack.tokens().customer(customer);
        String order = "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":1250}],"
                + "\"shippingAddress\":{\"name\":\"Start\",\"street\":\"1 Main St\",\"city\":\"Berlin\","
                + "\"postalCode\":\"10115\",\"country\":\"DE\"}}";
        List<OrderTiming> timings = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            long placed = System.nanoTime();
            HttpResponse<String> created = send(stack, "order-service", "/api/orders", token, "POST", order);
            Duration accepted = Duration.ofNanos(System.nanoTime() - placed);
            String location = created.headers()
                    .firstValue("Location")
                    .orElseThrow(() -> new IllegalStateException("No Location for the order: " + created.body()));
            long deadline = placed + ORDER_TIMEOUT.toNanos();
            String status = "";
            while (!status.equals("APPROVED")) {
                if (System.nanoTime() > deadline || status.equals("REJECTED")) {
                    throw new IllegalStateException("Order " + location + " is " + status + " after " + ORDER_TIMEOUT);
                }
                Thread.sleep(20);
                Matcher found = STATUS.matcher(send(stack, "order-service", location, token, "GET", null)
                        .body());
                status = found.find() ? found.group(1) : "";
            }
            timings.add(new OrderTiming(accepted, Duration.ofNanos(System.nanoTime() - placed)));
            System.out.printf(
                    "   order %d: accepted in %d ms, approved after %d ms%n",
                    i + 1, accepted.toMillis(), timings.get(i).approved().toMillis());
        }
        return timings;
    }

    private HttpResponse<String> send(
            LocalStack stack, String module, String path, String authorization, String method, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl(module) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** The service's ready time as Spring Boot measured it; null if its metrics did not answer. */
    private Double readySeconds(LocalStack stack, LocalStack.Service service) {
        try {
            HttpResponse<String> scrape = http.send(
                    HttpRequest.newBuilder(URI.create(stack.baseUrl(service.module()) + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return scrape.body()
                    .lines()
                    .map(READY_TIME::matcher)
                    .filter(Matcher::matches)
                    .map(ready -> Double.parseDouble(ready.group(1)))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Threads of a JVM; for PostgreSQL, whose backends are processes, the postmaster and its children. */
    private static long threadsOf(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long threads = tasks.count();
            return threads
                    + ProcessHandle.of(pid).map(p -> p.descendants().count()).orElse(0L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String report(
            LocalStack stack,
            String relay,
            Duration firstStart,
            Duration allUp,
            Map<String, Double> readySeconds,
            List<OrderTiming> orders,
            Map<String, ProcessSampler.Usage> memory,
            Map<String, Long> threads) {
        StringBuilder out = new StringBuilder();
        out.append("# The first minutes of the local run\n\n")
                .append(String.format(
                        "Relay %s, services on Java %d. First start (AOT training included if the build changed): "
                                + "%.1f s. Second start: PostgreSQL, Kafka, the issuer and the five services ready "
                                + "after **%.1f s**; launcher to all ready (the console starts last): %.1f s.%n%n",
                        relay,
                        stack.serviceJavaFeature(),
                        seconds(firstStart),
                        seconds(stack.servicesReadyAfter()),
                        seconds(allUp)));
        for (int i = 0; i < orders.size(); i++) {
            out.append(String.format(
                    "- Order %d after \"all up\": accepted in %d ms, APPROVED after **%d ms**%n",
                    i + 1,
                    orders.get(i).accepted().toMillis(),
                    orders.get(i).approved().toMillis()));
        }
        out.append(String.format(
                "%nAfter %d s idle (PSS from /proc/<pid>/smaps_rollup; PostgreSQL with its backends):%n%n",
                IDLE_BEFORE_READING.toSeconds()));
        out.append("| process | ready after its JVM started | PSS | threads (PostgreSQL: processes) |\n")
                .append("|---|---|---|---|\n");
        double stackMegabytes = 0;
        for (Map.Entry<String, ProcessSampler.Usage> process : memory.entrySet()) {
            String name = process.getKey();
            Double ready = readySeconds.get(name);
            double megabytes = process.getValue().pssMegabytes();
            if (ProcessSampler.inFootprint(name)) {
                stackMegabytes += megabytes;
            }
            out.append(String.format(
                    "| %s | %s | %.0f MB | %d |%n",
                    name, ready == null ? "-" : String.format("%.1f s", ready), megabytes, threads.get(name)));
        }
        out.append(String.format(
                "%nPostgreSQL, Kafka and the five services: **%.0f MB** PSS (the issuer and the console not counted).%n",
                stackMegabytes));
        return out.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
