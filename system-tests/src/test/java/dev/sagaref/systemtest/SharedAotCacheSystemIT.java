package dev.sagaref.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
    void everyServiceMapsTheOneCacheOnJava25AndSagasRun() throws IOException {
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
