package dev.sagaref.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system on one machine, no Docker: PostgreSQL (a cluster per service, as deployed), a KRaft Kafka broker, the token
 * issuer and the five services, each in its own process. {@code ./run-local} runs it from the command line; the system tests and
 * the benchmark start it from code, on ports of their own, and kill and restart single services.
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the system: its Maven module, default HTTP port and database (none for the issuer). */
    public record Service(String module, int port, String database) {}

    /**
     * The suffix of a service's second instance ({@link #startSecondInstance}): {@code payment-service#2} is the name
     * to pass to {@link #kill}, {@link #restart}, {@link #baseUrl} and the rest.
     */
    public static final String SECOND_INSTANCE = "#2";
    /**
     * How long a service instance may take to start. Under the chaos suite's load, twelve JVMs on two slow cores, a
     * restarted instance took 191 s to be ready (2026-12-02), past the three minutes this was before.
     */
    private static final Duration READINESS_TIMEOUT = Duration.ofMinutes(5);
    /** A second instance listens this far above its service's port: 8182 beside payment-service's 8082. */
    private static final int SECOND_INSTANCE_PORT_STEP = 100;

    public static final List<Service> SERVICES = List.of(
            new Service("order-service", 8081, "orders"),
            new Service("payment-service", 8082, "payments"),
            new Service("inventory-service", 8083, "inventory"),
            new Service("shipping-service", 8084, "shipping"),
            new Service("saga-orchestrator", 8085, "sagas"));

    /** The token issuer the services' APIs trust (Spring Authorization Server); it has no database. */
    public static final Service ISSUER = new Service("auth-server", 8086, null);

    /** The saga console: the sagas and messages of the stack in a browser, for operators; it has no database. */
    public static final Service CONSOLE = new Service("console", 8087, null);

    /** The issuer, the five services and the console: every process the stack starts from a jar of this build. */
    private static final List<Service> EVERY_SERVICE = Stream.concat(
                    Stream.concat(Stream.of(ISSUER), SERVICES.stream()), Stream.of(CONSOLE))
            .toList();

    /**
     * @param projectRoot where the service modules' {@code target/*.jar} are
     * @param dataDirectory PostgreSQL and Kafka data and all logs; kept between runs
     * @param portOffset added to every default port, so a second stack can run beside {@code ./run-local}
     * @param serviceEnvironment extra environment for every service, e.g. {@code SAGA_STEP_TIMEOUT}
     * @param aotCache whether services on Java 25 start from an AOT cache, made by a training run when missing, and the
     *     broker from an archive of its classes, written when it first exits
     * @param kafkaAccessControl whether the broker takes only signed-in users (SASL/SCRAM) and each service may use only
     *     its own topics, as in compose and k8s (k8s/base/kafka-access.sh); the local run's loopback broker is open
     */
    public record Settings(
            Path projectRoot,
            Path dataDirectory,
            int portOffset,
            String relayMode,
            Map<String, String> serviceEnvironment,
            boolean aotCache,
            boolean kafkaAccessControl) {

        public Settings(
                Path projectRoot,
                Path dataDirectory,
                int portOffset,
                String relayMode,
                Map<String, String> serviceEnvironment) {
            this(projectRoot, dataDirectory, portOffset, relayMode, serviceEnvironment, false, false);
        }

        public static Settings defaults(Path projectRoot) {
            return new Settings(projectRoot, projectRoot.resolve(".local-run"), 0, "debezium", Map.of(), true, false);
        }

        public Settings withKafkaAccessControl() {
            return new Settings(projectRoot, dataDirectory, portOffset, relayMode, serviceEnvironment, aotCache, true);
        }

        /** The port of the PostgreSQL cluster that holds the service's database. */
        public int postgresPort(String module) {
            return defaultPostgresPort(service(module)) + portOffset;
        }

        public int kafkaPort() {
            return 9092 + portOffset;
        }

        int port(Service service) {
            return service.port() + portOffset;
        }
    }

    private final Settings settings;
    private final ServiceJava serviceJava = ServiceJava.find();
    private final List<String> jvmFlags = serviceJvmFlags(serviceJava);
    /** Per module, when services start from an AOT cache; made once, so each jar is hashed once per run. */
    private final Map<String, AotCache> aotCaches = new LinkedHashMap<>();
    /** The five services' one AOT cache, when their libraries allow it; made on first use. */
    private SharedAotCache sharedAotCache;

    private final Path logs;
    /** By instance name: the module for the first instance, the module and {@link #SECOND_INSTANCE} for another. */
    private final Map<String, Process> services = new LinkedHashMap<>();

    /**
     * By database: a PostgreSQL cluster per service, as compose and k8s run them. In one shared cluster every WAL
     * sender decodes every database's WAL, so each commit anywhere woke every service's Debezium relay (about three
     * times the wake-ups and a third more relay CPU, docs/benchmark/README.md, 2026-12-06).
     */
    private final Map<String, PostgresCluster> postgres = new ConcurrentHashMap<>();

    private KafkaBrokerProcess kafka;
    /** With {@link Settings#kafkaAccessControl}: the users and passwords of this run; {@code null} without. */
    private final KafkaAccess kafkaAccess;

    private final IssuerFiles issuerFiles;
    private Duration servicesReadyAfter;
    private DevTokens tokens;
    /** Put in front of each service instance's command: see {@link #start(Settings, Function)}. */
    private final Function<String, List<String>> launchPrefix;

    private LocalStack(Settings settings, Function<String, List<String>> launchPrefix) {
        this.settings = settings;
        this.launchPrefix = launchPrefix;
        this.logs = settings.dataDirectory().resolve("logs");
        this.issuerFiles = new IssuerFiles(settings.dataDirectory());
        this.kafkaAccess = settings.kafkaAccessControl()
                ? new KafkaAccess(Stream.concat(SERVICES.stream(), Stream.of(CONSOLE))
                        .map(Service::module)
                        .toList())
                : null;
    }

    /** Starts everything and returns once every service reports ready. */
    public static LocalStack start(Settings settings) {
        return start(settings, instance -> List.of());
    }

    /**
     * Starts everything with a command put in front of every service instance's JVM, now and at every restart: e.g.
     * one that moves the process into a cgroup of its own (the chaos suite's network partitions need that). The
     * process id stays the JVM's as long as the prefix ends by {@code exec}ing it.
     */
    public static LocalStack start(Settings settings, Function<String, List<String>> launchPrefix) {
        LocalStack stack = new LocalStack(settings, launchPrefix);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        String relayMode = arguments.stream()
                .filter(a -> a.startsWith("--relay="))
                .map(a -> a.substring("--relay=".length()))
                .findFirst()
                .orElse("debezium");
        Settings defaults = Settings.defaults(Path.of("").toAbsolutePath());
        Settings settings = new Settings(
                defaults.projectRoot(),
                defaults.dataDirectory(),
                0,
                relayMode,
                defaults.serviceEnvironment(),
                defaults.aotCache(),
                false);
        if (arguments.contains("--reset")) {
            deleteDirectory(settings.dataDirectory());
        }
        long started = System.nanoTime();
        LocalStack stack = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            stopped.countDown();
                        },
                        "stop-local-stack"));
        stack.printWelcome(Duration.ofNanos(System.nanoTime() - started));
        stopped.await();
    }

    /** The Java feature release the services run on (25 with an AOT cache, or the fallback's). */
    public int serviceJavaFeature() {
        return serviceJava.feature();
    }

    /** The HTTP address of a service instance: a module name, or a second instance's name. */
    public String baseUrl(String instance) {
        return "http://localhost:" + port(instance);
    }

    /** Tokens from this stack's issuer, for the operator and for any customer. */
    public DevTokens tokens() {
        return tokens;
    }

    /** The passwords of this stack's issuer, for signing in with a browser (the console's tests do). */
    public DevTokens.Credentials signInCredentials() {
        return issuerFiles.credentials();
    }

    /** The key the issuer signs tokens with, read from its PEM file (tests forge tokens with it). */
    public java.security.interfaces.RSAPrivateCrtKey issuerSigningKey() {
        return issuerFiles.readSigningKey();
    }

    /**
     * Where people open the console: 127.0.0.1, not localhost, because the issuer sends them back there after they
     * signed in and accepts no redirect to localhost.
     */
    public String consoleUrl() {
        return "http://127.0.0.1:" + port(CONSOLE.module());
    }

    /** The address the issuer puts in every token, and where clients sign in. */
    public String issuerUrl() {
        return baseUrl(ISSUER.module());
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * What a Kafka admin client needs besides {@link #kafkaBootstrapServers}: nothing on the open local broker, the
     * super user's SASL sign-in with {@link Settings#kafkaAccessControl}.
     */
    public Map<String, Object> kafkaAdminSecurity() {
        return kafka.adminSecurity();
    }

    /**
     * Creates each service's Kafka user and ACLs (k8s/base/kafka-access.sh), as at start; again, as a deployment that
     * runs the script after its services started would. Needs {@link Settings#kafkaAccessControl}.
     */
    public void applyKafkaAccess() {
        KafkaAccess access = requireKafkaAccess();
        log("Creating each service's Kafka user and ACLs (k8s/base/kafka-access.sh)");
        access.apply(
                settings.projectRoot(),
                settings.dataDirectory().resolve("kafka-access"),
                kafka.bootstrapServers(),
                logs.resolve("kafka-access.log"));
    }

    /** A Kafka client's SASL settings for signing in as a service's user; needs {@link Settings#kafkaAccessControl}. */
    public Map<String, Object> kafkaSecurityOf(String module) {
        return requireKafkaAccess().clientSecurity(module);
    }

    private KafkaAccess requireKafkaAccess() {
        if (kafkaAccess == null) {
            throw new IllegalStateException("The stack runs without Kafka access control");
        }
        return kafkaAccess;
    }

    public String jdbcUrl(String instance) {
        String database = service(instance).database();
        return postgres.get(database).jdbcUrl(database);
    }

    /**
     * Process ids of everything the stack runs, by name: each service instance, {@code kafka}, and {@code postgres-<db>}
     * (the postmaster; its backends are its children).
     */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((module, process) -> pids.put(module, process.pid()));
        pids.put("kafka", kafka.process().pid());
        SERVICES.forEach(service ->
                pids.put(postgresName(service), postgres.get(service.database()).postmasterPid()));
        return pids;
    }

    /** SIGKILL, like a crashed pod: no graceful shutdown, no flushing. */
    public void kill(String instance) {
        Process process = services.get(instance);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGSTOP: the service keeps its connections but does nothing, like one stalled by a long GC pause or a starved
     * node. {@link #resume} lets it go on where it stopped.
     */
    public void pause(String instance) {
        signal(instance, "STOP");
    }

    public void resume(String instance) {
        signal(instance, "CONT");
    }

    /** The running service instances' names: each module, and the second instances started beside them. */
    public List<String> instances() {
        return List.copyOf(services.keySet());
    }

    /** SIGSTOP for the broker: clients keep their connections, and every request to it waits. */
    public void pauseBroker() {
        signal(kafka.process().pid(), "STOP");
    }

    public void resumeBroker() {
        signal(kafka.process().pid(), "CONT");
    }

    /** SIGKILL for the broker: what it had not written to its log is gone, as after a crash. */
    public void killBroker() {
        kafka.process().destroyForcibly();
        try {
            kafka.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the broker if it still runs (as Ctrl-C would, so it writes its class archive when it has none yet) and
     * starts it again on its data and port, as after {@link #killBroker}; waits until it answers.
     */
    public void restartBroker() {
        ProcessHandles.stop(kafka.process(), 30);
        startBroker();
    }

    private void startBroker() {
        kafka = KafkaBrokerProcess.start(
                settings.dataDirectory().resolve("kafka"),
                settings.kafkaPort(),
                logs.resolve("kafka.log"),
                kafkaAccess == null ? null : kafkaAccess.adminPassword(),
                serviceJava,
                settings.aotCache());
    }

    /**
     * Crashes every PostgreSQL cluster ({@code pg_ctl -m immediate}: no checkpoint, every connection cut), as a power
     * cut would.
     */
    public void crashPostgres() {
        postgres.values().parallelStream().forEach(PostgresCluster::crashImmediately);
    }

    /** Starts PostgreSQL again after {@link #crashPostgres}; each cluster recovers from its WAL before it takes connections. */
    public void restartPostgres() {
        startPostgres(false);
    }

    /**
     * A cluster per service database, started side by side; on the first start each is made, with its database and
     * roles. Each is known as soon as it runs, so {@link #close} stops it even if another fails to start.
     */
    private void startPostgres(boolean setUpDatabases) {
        SERVICES.parallelStream().forEach(service -> {
            PostgresCluster cluster = PostgresCluster.start(
                    settings.dataDirectory().resolve(postgresName(service)),
                    settings.postgresPort(service.module()),
                    false,
                    PostgresCluster.Capacity.ONE_SERVICE);
            postgres.put(service.database(), cluster);
            if (setUpDatabases) {
                cluster.createServiceDatabaseIfMissing(service.database());
            }
        });
    }

    private void signal(String instance, String signal) {
        signal(services.get(instance).pid(), signal);
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a stopped or killed service instance again and waits until it is ready. */
    public void restart(String instance) {
        ProcessHandles.stop(services.get(instance), 30);
        startInstance(instance);
    }

    /**
     * Starts another instance of a service beside the first, as a second replica would run: the same database and
     * broker and consumer groups, its own process and HTTP port. Waits until it is ready and returns its name.
     */
    public String startSecondInstance(String module) {
        return startSecondInstances(List.of(module)).get(0);
    }

    /** {@link #startSecondInstance} for several services at once: all start, then each is awaited. */
    public List<String> startSecondInstances(List<String> modules) {
        List<String> instances = modules.stream()
                .map(module -> service(module).module() + SECOND_INSTANCE)
                .toList();
        for (String instance : instances) {
            if (services.containsKey(instance)) {
                throw new IllegalStateException(instance + " is already running");
            }
            try {
                services.put(instance, startService(instance));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        instances.forEach(this::awaitReady);
        return instances;
    }

    /** Stops a second instance gracefully (SIGTERM), as a scale-down would, and forgets it. */
    public void stopSecondInstance(String instance) {
        if (!instance.endsWith(SECOND_INSTANCE)) {
            throw new IllegalArgumentException(instance + " is not a second instance");
        }
        Process process = services.remove(instance);
        if (process != null) {
            ProcessHandles.stop(process, 30);
        }
    }

    private void startInstance(String instance) {
        try {
            services.put(instance, startService(instance));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(instance);
    }

    private void startAll() throws IOException {
        Files.createDirectories(logs);
        issuerFiles.createIfMissing();
        tokens = new DevTokens(issuerUrl(), issuerFiles.credentials());
        long began = System.nanoTime();
        log("Starting PostgreSQL, a cluster per service, on ports " + postgresPorts());
        warnAboutOneClusterData();
        // Neither needs the other, so they start side by side.
        CompletableFuture<Void> postgresStarted = CompletableFuture.runAsync(() -> {
            startPostgres(true);
            log("PostgreSQL ready after " + secondsSince(began));
        });
        log("Starting Kafka on port " + settings.kafkaPort());
        try {
            startBroker();
            if (kafkaAccess != null) {
                applyKafkaAccess();
            }
            log("Kafka ready after " + secondsSince(began));
        } catch (RuntimeException e) {
            // Let PostgreSQL finish first, so that close() finds and stops every cluster it started.
            postgresStarted.exceptionally(ignored -> null).join();
            throw e;
        }
        try {
            postgresStarted.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }

        if (settings.aotCache() && AotCache.supportedBy(serviceJava)) {
            trainMissingAotCaches();
        }
        log("Starting the issuer and " + SERVICES.size() + " services on " + serviceJava + " (relay: "
                + settings.relayMode() + ")");
        // The console starts once the services are ready: seven JVMs starting at once share two cores, and the
        // services, which take orders, are what a user waits for.
        List<Service> beforeConsole = EVERY_SERVICE.stream()
                .filter(service -> !service.equals(CONSOLE))
                .toList();
        for (Service service : beforeConsole) {
            services.put(service.module(), startService(service.module()));
        }
        beforeConsole.forEach(service -> awaitReady(service.module()));
        servicesReadyAfter = Duration.ofNanos(System.nanoTime() - began);
        log("The issuer and the " + SERVICES.size() + " services are ready after " + seconds(servicesReadyAfter)
                + "; starting the console");
        services.put(CONSOLE.module(), startService(CONSOLE.module()));
        awaitReady(CONSOLE.module());
    }

    private static String secondsSince(long nanoTime) {
        return seconds(Duration.ofNanos(System.nanoTime() - nanoTime));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** From the start of PostgreSQL to the issuer and the five services ready (the console starts after them). */
    public Duration servicesReadyAfter() {
        return servicesReadyAfter;
    }

    /**
     * Makes every AOT cache whose jars, JDK or JVM flags changed since it was made, all at once: the one the five
     * services share (or theirs, when their libraries differ), the issuer's and the console's. A service whose training
     * fails starts without a cache.
     */
    private void trainMissingAotCaches() throws IOException {
        Process sharedTraining = null;
        if (sharedAotCache().canBeShared() && !sharedAotCache().isCurrent()) {
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            SERVICES.forEach(service -> environments.put(
                    service.module(), serviceProcess(service.module()).environment()));
            sharedTraining = sharedAotCache()
                    .startTraining(
                            serviceProcess(SERVICES.get(0).module()),
                            environments,
                            logs.resolve("services-aot-training.log"));
        }
        Map<Service, AotCache> stale = new LinkedHashMap<>();
        Map<Service, Process> training = new LinkedHashMap<>();
        for (Service service : EVERY_SERVICE) {
            if (usesSharedAotCache(service)) {
                continue;
            }
            AotCache cache = aotCache(service);
            if (!cache.isCurrent()) {
                Path log = logs.resolve(service.module() + "-aot-training.log");
                stale.put(service, cache);
                training.put(service, cache.startTraining(serviceProcess(service.module()), log));
            }
        }
        if (training.isEmpty() && sharedTraining == null) {
            return;
        }
        log("Training the AOT caches (once per build and JDK): "
                + (sharedTraining == null ? "" : "one shared by the " + SERVICES.size() + " services, ")
                + training.size() + " of their own ...");
        if (sharedTraining != null) {
            awaitSharedTraining(sharedTraining);
        }
        for (Map.Entry<Service, Process> run : training.entrySet()) {
            String module = run.getKey().module();
            try {
                boolean exited = run.getValue().waitFor(5, TimeUnit.MINUTES);
                if (!exited || !stale.get(run.getKey()).finishTraining()) {
                    run.getValue().destroyForcibly();
                    log(module + ": no AOT cache, starting without; see " + module + "-aot-training.log");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The five services train one after another in one JVM, so it gets longer than a single training run. If it fails
     * they start without a cache; the log says why.
     */
    private void awaitSharedTraining(Process training) throws IOException {
        boolean succeeded = false;
        try {
            boolean exited = training.waitFor(10, TimeUnit.MINUTES);
            if (!exited) {
                // With the JVM that writes the cache at exit (JEP 514), which is the trainer's child.
                training.descendants().forEach(ProcessHandle::destroyForcibly);
                training.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            succeeded = exited && training.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (!sharedAotCache().finishTraining(succeeded)) {
                log("No shared AOT cache, the services start without one; see services-aot-training.log");
            }
        }
        if (succeeded) {
            // The caches each service had before it shared one: about 130 MB each, and never used again.
            SERVICES.forEach(service -> deleteDirectory(serviceJar(service).resolveSibling("aot-cache")));
        }
    }

    private boolean usesSharedAotCache(Service service) {
        return sharedAotCache().canBeShared() && sharedAotCache().covers(service.module());
    }

    /** How the JVM finds the service's classes: from an AOT cache when there is a current one, else from its jar. */
    private List<String> launchArguments(Service service) {
        if (!settings.aotCache() || !AotCache.supportedBy(serviceJava)) {
            return List.of("-jar", serviceJar(service).toString());
        }
        if (usesSharedAotCache(service)) {
            return sharedAotCache().isCurrent()
                    ? sharedAotCache().launchArguments(service.module())
                    : List.of("-jar", serviceJar(service).toString());
        }
        return aotCache(service).launchArguments();
    }

    private SharedAotCache sharedAotCache() {
        if (sharedAotCache == null) {
            Map<String, Path> jars = new LinkedHashMap<>();
            SERVICES.forEach(service -> jars.put(service.module(), serviceJar(service)));
            sharedAotCache = new SharedAotCache(
                    jars,
                    serviceJava,
                    jvmFlags,
                    settings.projectRoot().resolve("target").resolve("aot-cache"));
        }
        return sharedAotCache;
    }

    private AotCache aotCache(Service service) {
        return aotCaches.computeIfAbsent(
                service.module(), module -> new AotCache(serviceJar(service), serviceJava, jvmFlags));
    }

    private static List<String> serviceJvmFlags(ServiceJava serviceJava) {
        List<String> flags = new ArrayList<>(JvmFlags.sizedForSharedCores(serviceJava, "160m"));
        flags.addAll(List.of("-Xss512k", "-XX:ReservedCodeCacheSize=64m"));
        if (serviceJava.feature() >= 25) {
            // Maps the AOT cache where it was made to be mapped instead of at a random address: relocating it writes
            // every pointer in it, so each JVM held a private copy of the cache the five services share (132 MB
            // each; 81 MB without relocation, of which the read-only part is shared). Gives up address randomization
            // for the cache only, a fair trade on a developer's machine.
            flags.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"));
            // No training data in the cache (JEP 515's method profiles, and the compilations the training made, which
            // a thread of each JVM replays): C1 alone never reads profiles. Without it each JVM ran a thread less,
            // the stack took 17-18 MB less, and the start was no slower (docs/footprint.md).
            flags.addAll(List.of("-XX:-AOTRecordTraining", "-XX:-AOTReplayTraining"));
        }
        flags.addAll(JvmFlags.fromEnvironment("SERVICE_JAVA_OPTS"));
        return List.copyOf(flags);
    }

    private Process startService(String instance) throws IOException {
        Service service = service(instance);
        Path log = logOf(instance);
        List<String> command = new ArrayList<>(launchPrefix.apply(instance));
        command.add(serviceJava.executable().toString());
        command.addAll(jvmFlags);
        command.addAll(launchArguments(service));
        return serviceProcess(instance)
                .command(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * A process builder with a service instance's environment: its address and port, the issuer, database, broker and
     * relay mode; for the issuer, its signing key and passwords.
     */
    private ProcessBuilder serviceProcess(String instance) {
        Service service = service(instance);
        ProcessBuilder builder = new ProcessBuilder();
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port(instance)));
        // Loopback only, like PostgreSQL and Kafka here, which take no per-service credentials in the local run.
        env.put("SERVER_ADDRESS", "127.0.0.1");
        // glibc gives every thread that mallocs an arena of its own; two are plenty for these JVMs.
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
        env.put("AUTH_ISSUER_URI", issuerUrl());
        if (service.equals(ISSUER)) {
            DevTokens.Credentials credentials = issuerFiles.credentials();
            env.put("AUTH_SIGNING_KEY_FILE", issuerFiles.signingKey().toString());
            env.put("AUTH_OPERATOR_PASSWORD", credentials.operatorPassword());
            env.put("AUTH_CUSTOMER_PASSWORD", credentials.customerPassword());
            env.put("AUTH_CONSOLE_REDIRECT_URIS", consoleUrl() + "/login/oauth2/code/sagaref");
            env.putAll(settings.serviceEnvironment());
            return builder;
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (kafkaAccess != null) {
            env.putAll(kafkaAccess.serviceEnvironment(service.module()));
        }
        if (service.equals(CONSOLE)) {
            env.put("CONSOLE_PUBLIC_URI", consoleUrl());
            for (Service api : SERVICES) {
                env.put(api.module().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", baseUrl(api.module()));
            }
            return builder;
        }
        env.put("AUTH_JWK_SET_URI", issuerUrl() + "/oauth2/jwks");
        env.put("DB_URL", jdbcUrl(service.module()));
        // Each service as its own role, owner of its database and of nothing else; its relay as a replication role.
        env.put("DB_USERNAME", PostgresCluster.serviceRole(service.database()));
        env.put("DB_PASSWORD", PostgresCluster.PASSWORD);
        env.put("RELAY_DB_USERNAME", PostgresCluster.relayRole(service.database()));
        env.put("RELAY_DB_PASSWORD", PostgresCluster.PASSWORD);
        env.put("MESSAGING_RELAY_MODE", settings.relayMode());
        // One consumer thread per listener: on 2 shared cores more threads only add context switches (the ramp
        // held 20 sagas/s with one, 10 with three). Deployments with cores to spare keep one per partition.
        env.putIfAbsent("MESSAGING_CONSUMER_CONCURRENCY", "1");
        // One consumer thread, a relay and a few requests at a time need no more than four connections; each idle
        // one is a PostgreSQL backend of a few MB (36 MB less for the stack).
        env.putIfAbsent("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "4");
        env.putIfAbsent("SERVER_TOMCAT_THREADS_MINSPARE", "2");
        env.putAll(settings.serviceEnvironment());
        return builder;
    }

    private Path serviceJar(Service service) {
        Path target = settings.projectRoot().resolve(service.module()).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "No jar for " + service.module() + " under " + target + "; build first (./run-local does)", e);
        }
    }

    private void awaitReady(String instance) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl(instance) + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READINESS_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = services.get(instance);
            if (!process.isAlive()) {
                throw new IllegalStateException(instance + " exited; see " + logOf(instance));
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    log(instance + " ready on " + baseUrl(instance));
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(instance + " did not become ready within " + READINESS_TIMEOUT.toMinutes()
                + " minutes; see " + logOf(instance));
    }

    private void printWelcome(Duration startup) {
        StringBuilder urls = new StringBuilder();
        for (Service service : EVERY_SERVICE) {
            urls.append(String.format(
                    "  %-18s %s  (%s)%n",
                    service.module(),
                    baseUrl(service.module()),
                    service.equals(ISSUER)
                            ? "token issuer: sign in on /login, or ./dev-token"
                            : service.equals(CONSOLE)
                                    ? "saga console, see below"
                                    : "Swagger UI: /swagger-ui.html, health: /actuator/health"));
        }
        System.out.printf(
                """

                All up in %.1f s. Logs: %s
                  PostgreSQL         %s (postgres/postgres; services as <db>_service)
                  Kafka              %s   (watch every message: ./tail-topics)
                %s
                Watch it: open the saga console at %s (sign in as operator, password in %s),
                  place an order on its "Try it" page and follow the saga live, message by message.

                Or by hand (every API wants a bearer token; ./dev-token prints one, as the operator or as a customer):
                  curl -X PUT localhost:8082/api/accounts/alice -H "Authorization: $(./dev-token operator)" -H 'Content-Type: application/json' -d '{"balance": 10000}'
                  curl -X PUT localhost:8083/api/products/BOOK-1 -H "Authorization: $(./dev-token operator)" -H 'Content-Type: application/json' -d '{"name": "A book", "stock": 10}'
                  curl -i -X POST localhost:8081/api/orders -H "Authorization: $(./dev-token customer alice)" -H 'Content-Type: application/json' -d '{"items": [{"sku": "BOOK-1", "quantity": 2, "unitPrice": 1500}], "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}'
                  curl localhost:8081/api/orders/<id from the Location header> -H "Authorization: $(./dev-token customer alice)"
                  curl 'localhost:8085/api/sagas?orderId=<id>' -H "Authorization: $(./dev-token operator)"

                Press Ctrl-C to stop everything; data is kept in .local-run/ (./run-local --reset starts empty).
                %n""",
                startup.toMillis() / 1000.0,
                logs,
                SERVICES.stream()
                        .map(service -> jdbcUrl(service.module()))
                        .collect(Collectors.joining("\n" + " ".repeat(21))),
                kafka.bootstrapServers(),
                urls,
                consoleUrl(),
                issuerFiles.operatorPasswordFile());
    }

    /** Services first (they drain their relays), then the broker, then the database. */
    @Override
    public void close() {
        List<Process> running = new ArrayList<>(services.values());
        running.parallelStream().forEach(process -> ProcessHandles.stop(process, 30));
        if (kafka != null) {
            ProcessHandles.stop(kafka.process(), 30);
        }
        postgres.values().parallelStream().forEach(PostgresCluster::stop);
    }

    /** The name of the service's PostgreSQL: its data directory and its name among the {@link #processIds}. */
    public static String postgresName(Service service) {
        return "postgres-" + service.database();
    }

    /** {@code ./run-local}'s PostgreSQL ports: 15432 for the first service's database, one up for each next one. */
    public static int defaultPostgresPort(Service service) {
        int index = SERVICES.indexOf(service);
        if (index < 0) {
            throw new IllegalArgumentException(service.module() + " has no database");
        }
        return 15432 + index;
    }

    private String postgresPorts() {
        return SERVICES.stream()
                .map(service -> service.database() + " " + settings.postgresPort(service.module()))
                .collect(Collectors.joining(", "));
    }

    /** Launchers before 2026-12-06 kept the five databases in one cluster; its data is not carried over. */
    private void warnAboutOneClusterData() {
        Path oneCluster = settings.dataDirectory().resolve("postgres");
        if (Files.exists(oneCluster.resolve("PG_VERSION"))) {
            log("Note: " + oneCluster + " holds the databases of an earlier launcher, which ran one PostgreSQL for all"
                    + " five. Each service now has a cluster of its own and starts with an empty database; delete that"
                    + " directory when you no longer need its data (./run-local --reset removes everything).");
        }
    }

    /** The service an instance belongs to: {@code payment-service} and {@code payment-service#2} both name it. */
    private static Service service(String instance) {
        String module = instance.endsWith(SECOND_INSTANCE)
                ? instance.substring(0, instance.length() - SECOND_INSTANCE.length())
                : instance;
        return EVERY_SERVICE.stream()
                .filter(s -> s.module().equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + module));
    }

    /** {@code payment-service.log}, and {@code payment-service-2.log} for its second instance. */
    private Path logOf(String instance) {
        return logs.resolve(instance.replace(SECOND_INSTANCE, "-2") + ".log");
    }

    private int port(String instance) {
        int first = settings.port(service(instance));
        return instance.endsWith(SECOND_INSTANCE) ? first + SECOND_INSTANCE_PORT_STEP : first;
    }

    public static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(String message) {
        System.out.println("[local-run] " + message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
