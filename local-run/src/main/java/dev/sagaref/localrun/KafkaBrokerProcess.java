package dev.sagaref.localrun;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own JVM, started from the Kafka artifacts on this module's classpath. Its
 * storage is formatted once and kept, so topics and offsets survive a restart.
 *
 * <p>Plaintext by default, as the local run's loopback-only broker is. With access control it is configured as compose
 * and k8s configure theirs: SASL on every listener (SCRAM-SHA-512 for the services, PLAIN for its super user {@link
 * #ADMIN}), the standard authorizer, and no access for anyone without an ACL.
 */
final class KafkaBrokerProcess {

    /** The super user, with access control on: the broker's own connections and the tools that set up the rest. */
    static final String ADMIN = "admin";

    private final Process process;
    private final String bootstrapServers;
    /** The first bytes of a JDK dynamic CDS archive (0xf00baba8, little-endian). */
    private static final byte[] DYNAMIC_ARCHIVE_MAGIC = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};

    /** Empty for a plaintext broker; otherwise how a client signs in as {@link #ADMIN}. */
    private final Map<String, Object> adminSecurity;

    private KafkaBrokerProcess(Process process, String bootstrapServers, Map<String, Object> adminSecurity) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.adminSecurity = adminSecurity;
    }

    /**
     * @param adminPassword the super user's password; {@code null} for a plaintext broker without access control
     * @param java the Java the broker runs on: the services' own
     * @param archiveClasses whether the broker keeps its classes in an archive in {@code directory} (below)
     */
    static KafkaBrokerProcess start(
            Path directory, int port, Path log, String adminPassword, ServiceJava java, boolean archiveClasses) {
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("server.properties");
            String properties = serverProperties(directory.resolve("data"), port, adminPassword != null);
            if (adminPassword != null) {
                properties += accessControlProperties(adminPassword);
            }
            Files.writeString(config, properties);
            if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                ProcessHandles.runToCompletion(
                        command(
                                java,
                                List.of(),
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                config.toString()),
                        log);
            }
            Process process = new ProcessBuilder(command(
                            java,
                            archiveClasses ? classArchive(directory, java) : List.of(),
                            "kafka.Kafka",
                            config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Map<String, Object> adminSecurity =
                    adminPassword == null ? Map.of() : clientSecurity("PLAIN", plainLogin(ADMIN, adminPassword));
            KafkaBrokerProcess broker = new KafkaBrokerProcess(process, "127.0.0.1:" + port, adminSecurity);
            try {
                broker.awaitReady(Duration.ofSeconds(60), log);
            } catch (RuntimeException notReady) {
                // The caller gets no broker to stop later, so a broker that never answered must not outlive the call.
                ProcessHandles.stop(process, 30);
                // A broker that failed to start archives only the classes it got to; the next one makes a full one.
                if (archiveClasses) {
                    Files.deleteIfExists(classArchiveOf(directory));
                }
                throw notReady;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Process process() {
        return process;
    }

    /** What an admin client needs besides the address: nothing for a plaintext broker, the super user's sign-in else. */
    Map<String, Object> adminSecurity() {
        return adminSecurity;
    }

    /** A client's security settings for a SASL listener without TLS. */
    static Map<String, Object> clientSecurity(String mechanism, String jaasConfig) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", mechanism,
                "sasl.jaas.config", jaasConfig);
    }

    static String scramLogin(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    private static String plainLogin(String username, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    private void awaitReady(Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(adminSecurity);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The Kafka broker did not become ready; see " + log);
                    }
                }
            }
        }
    }

    private static String serverProperties(Path dataDirectory, int port, boolean sasl) {
        int controllerPort = port + 10_000;
        String protocol = sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=CLIENTS://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENTS://127.0.0.1:" + port,
                "inter.broker.listener.name=CLIENTS",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CLIENTS:" + protocol + ",CONTROLLER:" + protocol,
                "log.dirs=" + dataDirectory,
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // One client machine and a handful of partitions: Kafka's default 3 network and 8 I/O threads only
                // hand each request between more threads on 2 shared cores.
                "num.network.threads=1",
                "num.io.threads=2",
                // The log cleaner compacts __consumer_offsets with a map of the keys it has seen, allocated in full and
                // kept for the broker's life (128 MB by default). 2 MB, a round size above Kafka's minimum of more than
                // 1 MB per cleaner thread, holds about 80,000 keys; this topic holds one per consumer group and
                // partition, a few hundred here.
                "log.cleaner.dedupe.buffer.size=2097152",
                "");
    }

    /**
     * SASL as in compose and k8s: the services sign in with SCRAM (their credentials live in the cluster's metadata,
     * put there by k8s/base/kafka-access.sh); the broker itself and that script sign in as the super user with PLAIN,
     * whose password is in this file only, so there is a user before any SCRAM credential exists.
     */
    private static String accessControlProperties(String adminPassword) {
        // The broker's own sign-in (username, password) and the one PLAIN user it accepts (user_<name>).
        String adminLogin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";";
        return String.join(
                "\n",
                "sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.clients.plain.sasl.jaas.config=" + adminLogin,
                "listener.name.clients.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + adminLogin,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN,
                "allow.everyone.if.no.acl.found=false",
                "");
    }

    /**
     * The broker's classes, kept in an archive that the JVM writes when the broker first exits and maps at every start
     * after it (JDK 19's auto-created CDS archive), so the broker no longer parses and links its Kafka and Scala classes
     * at each start: ready 1.1 s sooner and 1.2 s less CPU on 2 cores (docs/footprint.md). The JVM checks the archive
     * against the class path and flags at start, and writes it again at exit when they changed; a file that is no
     * archive at all is deleted first (below), since the JVM would leave it in place.
     */
    private static List<String> classArchive(Path directory, ServiceJava java) {
        if (java.feature() < 19) {
            return List.of();
        }
        Path archive = classArchiveOf(directory);
        deleteIfNotAnArchive(archive);
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
    }

    private static Path classArchiveOf(Path directory) {
        return directory.resolve("broker-classes.jsa");
    }

    /**
     * The JVM writes the archive's header last: a broker killed while it wrote the archive leaves a file without one,
     * and the JVM neither uses nor rewrites such a file (it then shares no classes at all, not even the JDK's).
     */
    private static void deleteIfNotAnArchive(Path archive) {
        try {
            if (!Files.exists(archive)) {
                return;
            }
            byte[] header = new byte[DYNAMIC_ARCHIVE_MAGIC.length];
            try (InputStream in = Files.newInputStream(archive)) {
                if (in.readNBytes(header, 0, header.length) == header.length
                        && Arrays.equals(header, DYNAMIC_ARCHIVE_MAGIC)) {
                    return;
                }
            }
            Files.delete(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker runs on the services' Java, sized as they are. */
    private static List<String> command(
            ServiceJava java, List<String> extraFlags, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(java.executable().toString()));
        command.addAll(JvmFlags.sizedForSharedCores(java, "256m"));
        command.addAll(List.of(
                // The launcher's slf4j-simple settings (its simplelogger.properties), given here because the
                // broker's class path holds jars only (below), not the launcher's resources.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=error"));
        command.addAll(extraFlags);
        command.addAll(JvmFlags.fromEnvironment("BROKER_JAVA_OPTS"));
        command.addAll(List.of("-cp", jarsOfLauncherClassPath(), mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /** The launcher's class path without its directories (its own classes): a CDS archive accepts jars only. */
    private static String jarsOfLauncherClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Files.isDirectory(Path.of(entry)))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
