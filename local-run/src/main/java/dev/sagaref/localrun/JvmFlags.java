package dev.sagaref.localrun;

import java.util.List;

/** Extra JVM flags from an environment variable, for experiments; added last, so they override the defaults. */
final class JvmFlags {

    private JvmFlags() {}

    /** The variable's value split at whitespace; none when it is unset or blank. */
    static List<String> fromEnvironment(String variable) {
        String value = System.getenv().getOrDefault(variable, "");
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
