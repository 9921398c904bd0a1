package dev.sagaref.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on. */
record Machine(int cores, String memory, String cpu, String os, String jdk, Map<String, String> versions) {

    static Machine describe() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("Spring Boot", "4.1.1");
        versions.put("Debezium", "3.6.1.Final");
        versions.put("Kafka (broker and clients)", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        versions.put("PostgreSQL", postgresVersion());
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procLine("/proc/meminfo", "MemTotal:"),
                procLine("/proc/cpuinfo", "model name"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                versions);
    }

    private static String procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(line -> line.startsWith(prefix))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String postgresVersion() {
        return dev.sagaref.localrun.PostgresCluster.findBinaries()
                .map(bin -> bin.getParent().getFileName().toString())
                .orElse("unknown");
    }
}
