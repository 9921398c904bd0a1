package dev.sagaref.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka access control for a local stack, set up as compose and k8s set it up: by running k8s/base/kafka-access.sh
 * against the broker, so the script itself is what the tests check. The script calls Kafka's command-line tools; here
 * they run from this module's classpath through small wrapper scripts instead of a Kafka distribution.
 *
 * <p>Every service gets a random password for this run; the broker keeps the SCRAM credentials in its metadata.
 */
final class KafkaAccess {

    /** The wrappers the script finds in {@code KAFKA_BIN}, and the tool classes behind them. */
    private static final Map<String, String> TOOLS = Map.of(
            "kafka-acls.sh", "org.apache.kafka.tools.AclCommand",
            "kafka-configs.sh", "kafka.admin.ConfigCommand");

    private final String adminPassword = IssuerFiles.randomPassword();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    KafkaAccess(List<String> users) {
        users.forEach(user -> passwords.put(user, IssuerFiles.randomPassword()));
    }

    String adminPassword() {
        return adminPassword;
    }

    /** The environment a service needs to sign in as its own user (read by common-messaging). */
    Map<String, String> serviceEnvironment(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No Kafka user " + user);
        }
        return Map.of("KAFKA_USERNAME", user, "KAFKA_PASSWORD", password);
    }

    /** A Kafka client's settings for signing in as one of the services' users. */
    Map<String, Object> clientSecurity(String user) {
        return KafkaBrokerProcess.clientSecurity(
                "SCRAM-SHA-512", KafkaBrokerProcess.scramLogin(user, passwords.get(user)));
    }

    /** Creates the users and their ACLs; fails with the script's output when it fails. */
    void apply(Path projectRoot, Path workDirectory, String bootstrapServers, Path log) {
        try {
            Path bin = workDirectory.resolve("bin");
            Files.createDirectories(bin);
            for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
                writeWrapper(bin.resolve(tool.getKey()), tool.getValue());
            }
            ProcessBuilder script = new ProcessBuilder(
                    "sh", projectRoot.resolve("k8s/base/kafka-access.sh").toString());
            Map<String, String> env = script.environment();
            env.put("KAFKA_BIN", bin.toString());
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
            env.put("KAFKA_ADMIN_USERNAME", KafkaBrokerProcess.ADMIN);
            env.put("KAFKA_ADMIN_PASSWORD", adminPassword);
            env.put("TMPDIR", workDirectory.toString());
            passwords.forEach((user, password) -> env.put(passwordVariable(user), password));
            ProcessHandles.runToCompletion(script, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ORDER_SERVICE_KAFKA_PASSWORD for order-service, as the script reads it. */
    static String passwordVariable(String user) {
        return user.toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD";
    }

    private static void writeWrapper(Path wrapper, String mainClass) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Short-lived tools: the quickest JIT and collector to start.
        Files.writeString(
                wrapper,
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                        + System.getProperty("java.class.path") + "' " + mainClass + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    }
}
