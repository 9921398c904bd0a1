package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stack someone else started, {@code ./run-local} usually ({@code --target}): the services on their default ports,
 * nothing started or stopped. Its processes can be measured only when it runs on this machine.
 */
final class RunningStack implements StackUnderTest {

    private static final Set<String> THIS_MACHINE = Set.of("localhost", "127.0.0.1", "[::1]");

    private final URI target;
    private final String kafkaBootstrapServers;
    private final String relay;
    private final Map<String, Long> processIds;
    private final DevTokens tokens;

    private RunningStack(URI target, String kafkaBootstrapServers, String relay, Map<String, Long> processIds) {
        this.target = target;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.relay = relay;
        this.processIds = processIds;
        this.tokens =
                DevTokens.ofLocalRun(Path.of(".local-run").toAbsolutePath(), target + ":" + LocalStack.ISSUER.port());
    }

    /** Checks that every service is ready and learns the relay (unless {@code --relays} names it) and processes. */
    static RunningStack attach(Options options) throws InterruptedException {
        URI target = options.target();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            HttpResponse<String> readiness = get(http, url(target, service.module()) + "/actuator/health/readiness");
            if (readiness.statusCode() != 200) {
                throw new IllegalStateException(service.module() + " at " + readiness.uri() + " is not ready (HTTP "
                        + readiness.statusCode() + "): " + readiness.body());
            }
        }
        String relay = options.relays().isEmpty()
                ? reportedRelay(http, url(target, "order-service"))
                : options.relays().get(0);
        System.out.println("   relay: " + relay);
        return new RunningStack(target, options.kafka(), relay, processIds(target.getHost(), options.kafka()));
    }

    @Override
    public String relay() {
        return relay;
    }

    @Override
    public String baseUrl(String module) {
        return url(target, module);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Signs in with the passwords {@code ./run-local} keeps in {@code .local-run/auth} of this checkout. */
    @Override
    public DevTokens tokens() {
        return tokens;
    }

    @Override
    public Map<String, Long> processIds() {
        return processIds;
    }

    /** Nothing to stop: the stack is not ours. */
    @Override
    public void close() {}

    private static String url(URI target, String module) {
        int port = LocalStack.SERVICES.stream()
                .filter(service -> service.module().equals(module))
                .findFirst()
                .orElseThrow()
                .port();
        return target + ":" + port;
    }

    /** The mode order-service's {@code outboxRelay} health contributor reports, e.g. {@code debezium}. */
    private static String reportedRelay(HttpClient http, String orderServiceUrl) throws InterruptedException {
        HttpResponse<String> health = get(http, orderServiceUrl + "/actuator/health");
        JsonNode mode = JsonMapper.builder()
                .build()
                .readTree(health.body())
                .path("components")
                .path("outboxRelay")
                .path("details")
                .path("mode");
        if (!mode.isString()) {
            throw new IllegalStateException("order-service at " + orderServiceUrl
                    + " reports no outboxRelay mode in /actuator/health; name the relay with --relays=");
        }
        return mode.asString();
    }

    /** Found by the ports they listen on; those not found (or the whole stack, if elsewhere) are left out. */
    private static Map<String, Long> processIds(String host, String kafkaBootstrapServers) {
        if (!THIS_MACHINE.contains(host)) {
            System.out.println("   processes not measured: the stack runs on " + host);
            return Map.of();
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        LocalStack.SERVICES.forEach(service -> ports.put(service.module(), service.port()));
        int colon = kafkaBootstrapServers.lastIndexOf(':');
        if (THIS_MACHINE.contains(kafkaBootstrapServers.substring(0, colon))) {
            ports.put("kafka", Integer.parseInt(kafkaBootstrapServers.substring(colon + 1)));
        }
        // ./run-local's PostgreSQL clusters; each one's backends are children of the process listening there.
        LocalStack.SERVICES.forEach(
                service -> ports.put(LocalStack.postgresName(service), LocalStack.defaultPostgresPort(service)));
        Map<Integer, Long> listeners = ListeningProcesses.byPort(ports.values());
        Map<String, Long> processIds = new LinkedHashMap<>();
        List<String> notFound = new ArrayList<>();
        ports.forEach((name, port) -> {
            Long pid = listeners.get(port);
            if (pid == null) {
                notFound.add(name + " (port " + port + ")");
            } else {
                processIds.put(name, pid);
            }
        });
        System.out.println("   processes measured, found by listening port: " + processIds
                + (notFound.isEmpty() ? "" : "; not found: " + String.join(", ", notFound)));
        return processIds;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No answer from " + url + " (" + e + "); is the stack running (./run-local)?", e);
        }
    }
}
