package dev.sagaref.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker settings the apache/kafka image makes of a container's environment, by the image's own rule: drop the
 * {@code KAFKA_} prefix, lower-case, then {@code _} is a dot, {@code __} an underscore and {@code ___} a dash. The
 * checks read the settings as the broker will, so a misspelt variable is a missing setting here too.
 */
final class KafkaImageConfig {

    private static final Pattern UNDERSCORES = Pattern.compile("_+");

    private final Map<String, String> properties = new LinkedHashMap<>();

    KafkaImageConfig(Map<?, ?> environment) {
        environment.forEach((name, value) -> {
            String variable = String.valueOf(name);
            if (variable.startsWith("KAFKA_")) {
                properties.put(propertyName(variable.substring("KAFKA_".length())), String.valueOf(value));
            }
        });
    }

    static String propertyName(String variable) {
        Matcher run = UNDERSCORES.matcher(variable.toLowerCase(Locale.ROOT));
        StringBuilder property = new StringBuilder();
        while (run.find()) {
            run.appendReplacement(
                    property,
                    switch (run.group().length()) {
                        case 1 -> ".";
                        case 2 -> "_";
                        case 3 -> "-";
                        default -> throw new IllegalArgumentException("No property name for " + variable);
                    });
        }
        return run.appendTail(property).toString();
    }

    String get(String property) {
        return properties.get(property);
    }

    /**
     * The JAAS settings the broker needs and lacks: one per SASL mechanism enabled on each SASL listener (the broker
     * does not start without them).
     */
    List<String> missingLoginSettings() {
        List<String> missing = new ArrayList<>();
        for (String listener :
                properties.getOrDefault("listener.security.protocol.map", "").split(",")) {
            String[] nameAndProtocol = listener.split(":");
            if (!nameAndProtocol[1].startsWith("SASL_")) {
                continue;
            }
            String name = nameAndProtocol[0].toLowerCase(Locale.ROOT);
            String mechanisms = properties.getOrDefault(
                    "listener.name." + name + ".sasl.enabled.mechanisms",
                    properties.getOrDefault("sasl.enabled.mechanisms", "GSSAPI"));
            for (String mechanism : mechanisms.split(",")) {
                String setting =
                        "listener.name." + name + "." + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config";
                if (!properties.containsKey(setting)) {
                    missing.add(setting);
                }
            }
        }
        return missing;
    }
}
