package dev.sagaref.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack as {@code ./run-local} starts it on Java 25: the five services train one AOT cache together and all of
 * them start from it. The JVM ignores a cache whose class path does not match without failing, so the test reads each
 * process's memory map: a service that fell back to loading its classes from the jars would not map the cache.
 * Where no Java 25 is installed, the launcher falls back to its own Java without caches, and the test checks that
 * fallback instead: no service maps an AOT cache, and sagas run all the same. The broker, on the services' Java, keeps
 * its classes in an archive of its own.
 */
class SharedAotCacheSystemIT {

    private static final Path SHARED_CACHE = Path.of("..", "target", "aot-cache", "services.aot")
            .toAbsolutePath()
            .normalize();

    /**
     * Classes a service loads only once it runs, after the refresh the training stops at, whatever the relay: the
     * producer's sender thread, a listener container's consumer loop, Tomcat's HTTP/1.1 request processing. The
     * training loads them from its list (aot-training-classes.txt).
     */
    private static final List<String> USED_ONCE_RUNNING = List.of(
            "org.apache.kafka.clients.producer.internals.Sender",
            "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer",
            "org.apache.coyote.http11.Http11Processor");

    private static Path dataDirectory;
    private static LocalStack stack;

    @BeforeAll
    static void startAsTheLocalRunDoes() {
        Path privateHome = Path.of("target", "private-home-aot").toAbsolutePath();
        LocalStack.deleteDirectory(privateHome);
        dataDirectory = SystemStack.privateDirectory(privateHome).resolve("stack");
        stack = LocalStack.start(new LocalStack.Settings(
                Path.of("..").toAbsolutePath().normalize(),
                dataDirectory,
                SystemStack.SHARED_AOT_PORT_OFFSET,
                SystemStack.RELAY_MODE,
                Map.of(),
                true,
                false));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceMapsTheOneCacheOnJava25AndSagasRun() throws IOException, InterruptedException {
        boolean java25 = stack.serviceJavaFeature() >= 25;
        if (!java25) {
            assertThat(stack.serviceJavaFeature())
                    .as("without a Java 25 the services run on the launcher's own Java")
                    .isEqualTo(Runtime.version().feature());
        }
        Map<String, Long> processIds = stack.processIds();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            String maps = Files.readString(
                    Path.of("/proc", processIds.get(service.module()).toString(), "maps"));
            if (java25) {
                assertThat(maps)
                        .as(service.module() + " maps the shared AOT cache")
                        .contains(SHARED_CACHE.toString());
            } else {
                assertThat(maps)
                        .as(service.module() + " on Java 17 maps no AOT cache")
                        .doesNotContain(".aot");
            }
        }

        placeAnOrderAndSeeItApproved();
        if (java25) {
            for (LocalStack.Service service : LocalStack.SERVICES) {
                assertThat(classesFromTheCache(processIds.get(service.module())))
                        .as(service.module() + " took the classes it loads only once running from the cache")
                        .containsAll(USED_ONCE_RUNNING);
            }
        }
    }

    /**
     * The broker's class archive is written when the broker first exits (a stop, not a kill) and mapped by every start
     * after it. A JVM that cannot use its archive starts without it, so only the memory map tells.
     */
    @Test
    void theBrokerArchivesItsClassesWhenItFirstStopsAndStartsFromThemAfterwards() throws IOException {
        Path archive = dataDirectory.resolve("kafka").resolve("broker-classes.jsa");
        assertThat(archive).as("no archive before the first broker has exited").doesNotExist();
        assertThat(brokerMemoryMap()).doesNotContain(archive.toString());

        stack.restartBroker();

        if (stack.serviceJavaFeature() >= 19) {
            assertThat(archive).as("written as the first broker exited").isNotEmptyFile();
            assertThat(brokerMemoryMap())
                    .as("the restarted broker maps the archive")
                    .contains(archive.toString());
        } else {
            assertThat(archive).as("Java 17 has no auto-created archives").doesNotExist();
        }
        placeAnOrderAndSeeItApproved();
    }

    /** The loaded classes the JVM took from its AOT cache: {@code jcmd VM.classes} flags them S (shared). */
    private static Set<String> classesFromTheCache(long pid) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
        Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(pid), "VM.classes")
                .redirectErrorStream(true)
                .start();
        String listing = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).as("jcmd ended").isTrue();
        assertThat(jcmd.exitValue()).as(listing).isZero();
        // Fixed-width columns under a header (KlassAddr, Size, State, Flags, ClassName); State and Flags may be blank.
        List<String> lines = listing.lines().toList();
        String header = lines.stream()
                .filter(line -> line.startsWith("KlassAddr"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No VM.classes header in " + listing));
        int flags = header.indexOf("Flags");
        int name = header.indexOf("ClassName");
        return lines.stream()
                .filter(line -> line.startsWith("0x") && line.length() > name)
                .filter(line -> line.substring(flags, name).contains("S"))
                .map(line -> line.substring(name).trim())
                .collect(Collectors.toSet());
    }

    private static String brokerMemoryMap() throws IOException {
        return Files.readString(Path.of("/proc", stack.processIds().get("kafka").toString(), "maps"));
    }

    private static void placeAnOrderAndSeeItApproved() {
        Api api = new Api(stack);
        String sku = Api.unique("aot-sku");
        String customer = Api.unique("aot-customer");
        api.product(sku, 10);
        api.account(customer, 10_000);
        UUID order = api.placeOrder(customer, "DE", new Line(sku, 1, 1_000));
        api.assertApproved(order, Duration.ofSeconds(60));
    }
}
