package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import dev.sagaref.localrun.LocalStack;
import java.nio.file.Path;
import java.util.Map;

/**
 * A stack the benchmark starts through the local launcher: fresh data, ports 30000 above the defaults so it can run
 * beside {@code ./run-local}; stopped on close.
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
        return new LaunchedStack(
                LocalStack.start(new LocalStack.Settings(projectRoot, data, PORT_OFFSET, relay, Map.of())), relay);
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
