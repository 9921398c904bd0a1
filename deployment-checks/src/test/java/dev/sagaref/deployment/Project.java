package dev.sagaref.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** What the applications themselves say: their ports and the environment variables they read. */
final class Project {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES =
            List.of("order-service", "payment-service", "inventory-service", "shipping-service", "saga-orchestrator");
    /** The token issuer: an application with an image, a port and probes like the services, but no database. */
    static final String ISSUER = "auth-server";
    /**
     * The saga console: an application with an image, a port and probes like the services, no database, and a Kafka
     * user of its own that only reads.
     */
    static final String CONSOLE = "console";
    /** Where the issuer sends the console's sign-in back to, after the console's public address. */
    static final String CONSOLE_REDIRECT_PATH = "/login/oauth2/code/sagaref";
    /** Everything built from this repository into an image: the issuer, the services and the console. */
    static final List<String> APPLICATIONS = Stream.of(List.of(ISSUER), SERVICES, List.of(CONSOLE))
            .flatMap(List::stream)
            .toList();
    /** What signs in to Kafka as a user of its own (KAFKA_USERNAME, KAFKA_PASSWORD): the services and the console. */
    static final List<String> KAFKA_USERS =
            Stream.concat(SERVICES.stream(), Stream.of(CONSOLE)).toList();

    /** Each service's database, whose PostgreSQL is {@code postgres-<database>}. */
    static final Map<String, String> DATABASES = Map.of(
            "order-service", "orders",
            "payment-service", "payments",
            "inventory-service", "inventory",
            "shipping-service", "shipping",
            "saga-orchestrator", "sagas");

    /** Read by the JVM itself rather than by Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    /** The settings the five services share, which a service takes with {@code sagaref.service-defaults: true}. */
    private static final Path SERVICE_DEFAULTS =
            ROOT.resolve("common-messaging/src/main/resources/dev/sagaref/messaging/config/service-defaults.yml");

    private static final Pattern SERVER_PORT = Pattern.compile("port: \\$\\{SERVER_PORT:(\\d+)}");

    private Project() {}

    static String applicationYml(String service) {
        return read(ROOT.resolve(service).resolve("src/main/resources/application.yml"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variable k8s/base/kafka-access.sh reads a Kafka user's password from: ORDER_SERVICE_KAFKA_PASSWORD. */
    static String kafkaPasswordVariable(String user) {
        return user.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD";
    }

    /** The variable the console reads a service's base URL from: ORDER_SERVICE_URL, SAGA_ORCHESTRATOR_URL. */
    static String consoleUrlVariable(String service) {
        return service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
    }

    /**
     * The environment variables a service reads: the {@code ${NAME:default}} placeholders of its application.yml and,
     * where it takes them, of the settings the services share (common-messaging's service-defaults.yml), plus the
     * JVM's.
     */
    static Set<String> variablesRead(String service) {
        Set<String> names = new LinkedHashSet<>(JVM_VARIABLES);
        String settings = applicationYml(service);
        if (settings.contains("service-defaults: true")) {
            settings += "\n" + read(SERVICE_DEFAULTS);
        }
        Matcher matcher = PLACEHOLDER.matcher(settings);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static int port(String service) {
        Matcher matcher = SERVER_PORT.matcher(applicationYml(service));
        if (!matcher.find()) {
            throw new AssertionError(service + "'s application.yml has no server.port: ${SERVER_PORT:<port>}");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Runs a command in the project root and returns its standard output; fails on a non-zero exit. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + err + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(
                    "Cannot run " + command[0] + " (" + e.getMessage() + "); .ci/run installs what these checks need",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }
}
