package dev.sagaref.systemtest;

import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * One running system for all system tests in this JVM, on ports 2000 above the defaults (so it runs beside
 * {@code ./run-local}), with short saga deadlines so timeout paths finish quickly, and exporting its traces to an
 * {@link OtlpTraceReceiver}. Its data lives in a directory only its owner may enter, as in a checkout in a private
 * home directory, wherever this checkout happens to be.
 */
final class SystemStack {

    /**
     * Port offsets of the stacks the system tests start: clear of each other, of ./run-local (0) and of the chaos run
     * (11000), and every port below Linux's ephemeral range (32768 up; the highest default is Kafka's controller,
     * 19092). Above it, an outgoing connection of an earlier stack could hold the port a broker then failed to bind
     * (41092, the Kafka access stack's controller, once).
     */
    static final int PORT_OFFSET = 2_000;

    static final int KAFKA_ACCESS_PORT_OFFSET = 4_000;

    static final int SHARED_AOT_PORT_OFFSET = 6_000;

    /**
     * Long enough for a killed participant to be restarted inside it, after Kafka has expired its session (10 s), on a
     * busy 2-core CI machine where one restart can take 25 s; the timeout test waits this long.
     */
    static final String STEP_TIMEOUT = "60s";
    /** Checks for lost commands often, so a slow participant meets many chances to be flooded. */
    static final String RESEND_AFTER = "2s";
    /** debezium unless SYSTEM_TEST_RELAY says polling. */
    static final String RELAY_MODE = System.getenv().getOrDefault("SYSTEM_TEST_RELAY", "debezium");

    private static LocalStack stack;
    private static OtlpTraceReceiver traces;

    private SystemStack() {}

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path privateHome = Path.of("target", "private-home").toAbsolutePath();
            LocalStack.deleteDirectory(privateHome);
            Path data = privateDirectory(privateHome).resolve("system-stack");
            traces = OtlpTraceReceiver.start();
            stack = LocalStack.start(new LocalStack.Settings(
                    root,
                    data,
                    PORT_OFFSET,
                    RELAY_MODE,
                    Map.of(
                            "SAGA_STEP_TIMEOUT",
                            STEP_TIMEOUT,
                            "SAGA_RESEND_AFTER",
                            RESEND_AFTER,
                            // A compensation that keeps failing gives up after three sends (~20 s), not ten.
                            "SAGA_MAX_COMPENSATION_ATTEMPTS",
                            "3",
                            "OTLP_TRACING_ENABLED",
                            "true",
                            "OTLP_TRACING_ENDPOINT",
                            traces.endpoint(),
                            // Spans reach the receiver within a fraction of a second instead of the default 5 s.
                            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY",
                            "200ms")));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-system-stack"));
        }
        return stack;
    }

    static Path privateDirectory(Path directory) {
        try {
            return Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spans every service of the stack exports over OTLP. */
    static synchronized OtlpTraceReceiver traces() {
        get();
        return traces;
    }
}
