package dev.sagaref.systemtest;

import dev.sagaref.localrun.LocalStack;
import java.nio.file.Path;
import java.util.Map;

/**
 * One running system for all system tests in this JVM, on ports 20000 above the defaults (so it runs beside
 * {@code ./run-local}) and with short saga deadlines, so timeout paths finish quickly.
 */
final class SystemStack {

    static final String STEP_TIMEOUT = "5s";

    private static LocalStack stack;

    private SystemStack() {}

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path data = Path.of("target", "system-stack").toAbsolutePath();
            LocalStack.deleteDirectory(data);
            stack = LocalStack.start(new LocalStack.Settings(
                    root,
                    data,
                    20_000,
                    System.getenv().getOrDefault("SYSTEM_TEST_RELAY", "debezium"),
                    Map.of("SAGA_STEP_TIMEOUT", STEP_TIMEOUT)));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-system-stack"));
        }
        return stack;
    }
}
