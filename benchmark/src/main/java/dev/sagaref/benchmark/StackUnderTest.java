package dev.sagaref.benchmark;

import dev.sagaref.localrun.DevTokens;
import java.util.Map;

/**
 * The system being measured, as the measuring code needs it, whether the benchmark started it ({@link LaunchedStack})
 * or found it running ({@link RunningStack}).
 */
interface StackUnderTest extends AutoCloseable {

    /** The relay mode the services run, as reported. */
    String relay();

    String baseUrl(String module);

    String kafkaBootstrapServers();

    /** Tokens from the stack's issuer: the operator's to seed and read, each customer's to place their orders. */
    DevTokens tokens();

    /**
     * Processes whose CPU and memory to sample, by name (each service, {@code kafka}, each {@code postgres-<db>}), each
     * measured with its children; empty when they cannot be measured from here.
     */
    Map<String, Long> processIds();

    /** Stops what the benchmark started, nothing else. */
    @Override
    void close();
}
