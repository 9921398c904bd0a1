package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import dev.sagaref.localrun.LocalStack;
import java.nio.file.Path;
import java.util.Map;

/**
 * A stack the benchmark starts through the local launcher: fresh data, ports 30000 above the defaults so it can run
 * beside {@code ./run-local}; stopped on close. The services start from the AOT cache as {@code ./run-local}'s do
 * (trained on the first start after the build changed), so its memory under load is the local run's: without the
 * cache each service parses its classes into a metaspace of its own, 44-55 MB more each at 50 sagas/s.
 */
final class LaunchedStack implements StackUnderTest {

    private static final int PORT_OFFSET = 30_000;

    private final LocalStack stack;
    private final String relay;

    private LaunchedStack(LocalStack stack, String relay) {
        this.stack = stack;
        this.relay = relay;
    }

    static LaunchedStack start(Path projectRoot, String relay) {
        Path data = projectRoot.resolve("benchmark/target/stack-" + relay);
        LocalStack.deleteDirectory(data);
        return new LaunchedStack(LocalStack.start(asLocalRun(projectRoot, data, relay)), relay);
    }

    /** Launcher settings for a stack run as {@code ./run-local} runs it, on the benchmark's ports and data. */
    static LocalStack.Settings asLocalRun(Path projectRoot, Path data, String relay) {
        return new LocalStack.Settings(projectRoot, data, PORT_OFFSET, relay, Map.of(), true, false);
    }

    @Override
    public String relay() {
        return relay;
    }

    @Override
    public String baseUrl(String module) {
        return stack.baseUrl(module);
    }

    @Override
    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    @Override
    public DevTokens tokens() {
        return stack.tokens();
    }

    @Override
    public Map<String, Long> processIds() {
        return stack.processIds();
    }

    @Override
    public void close() {
        stack.close();
    }
}
