package dev.sagaref.localrun;

import java.util.ArrayList;
import java.util.List;

/** JVM flags the launcher gives its JVMs. */
final class JvmFlags {

    private JvmFlags() {}

    /**
     * The sizing the services and the broker share: seven JVMs on 2 cores (docs/benchmark/README.md and
     * docs/footprint.md have the runs behind each choice).
     */
    static List<String> sizedForSharedCores(ServiceJava java, String maxHeap) {
        List<String> flags = new ArrayList<>(List.of(
                // A JVM here keeps 35-45 MB live; a small young generation is collected often and cheaply, and the
                // heap grows from 32 MB only as far as it is used, instead of touching all of -Xmx.
                "-Xms32m",
                "-Xmx" + maxHeap,
                "-Xmn16m",
                "-XX:+UseSerialGC",
                // C1 only: the C2 compiler threads were the top CPU users for minutes after every start, and with C1
                // the stack sustained twice the saga rate in the benchmark's ramp and used 300 MB less.
                "-XX:TieredStopAtLevel=1"));
        if (java.feature() >= 25) {
            // JEP 519: 8-byte object headers instead of 12, so the same objects take less heap.
            flags.add("-XX:+UseCompactObjectHeaders");
            // Hands the memory glibc keeps after the start's peak back to the system every 10 s: about 2 MB a
            // service and 5 MB for the broker, for a few milliseconds of one thread. (Java 17 builds before 17.0.11
            // do not know the flag.)
            flags.add("-XX:TrimNativeHeapInterval=10000");
        }
        return flags;
    }

    /**
     * Extra flags from an environment variable, for experiments: the value split at whitespace, none when it is unset
     * or blank. Added last, so they override the defaults.
     */
    static List<String> fromEnvironment(String variable) {
        String value = System.getenv().getOrDefault(variable, "");
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
