package dev.sagaref.benchmark;

import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and memory of every process of the stack, read from /proc. Memory is PSS (proportional set size), so
 * memory that PostgreSQL's backends share is counted once in total rather than once per backend.
 */
final class ProcessSampler {

    /** Linux reports CPU time in clock ticks of 1/100 s. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Usage(double cpuSeconds, double pssMegabytes) {}

    /**
     * Whether a process counts in the footprint issue 11 sets a bound for: PostgreSQL, Kafka and the five services
     * (not the issuer and the console, which run beside them only to sign tokens and to show the flows).
     */
    static boolean inFootprint(String process) {
        return process.equals("kafka")
                || process.startsWith("postgres")
                || LocalStack.SERVICES.stream()
                        .anyMatch(service -> service.module().equals(process));
    }

    private final Map<String, Long> roots;

    /** @param roots name → pid; each root is measured together with all its descendants (PostgreSQL backends) */
    ProcessSampler(Map<String, Long> roots) {
        this.roots = roots;
    }

    Map<String, Usage> sample() {
        Map<Long, Long> parents = parents();
        Map<String, Usage> usage = new LinkedHashMap<>();
        roots.forEach((name, pid) -> {
            double cpu = 0;
            double pss = 0;
            for (long process : withDescendants(pid, parents)) {
                cpu += cpuSeconds(process);
                pss += pssMegabytes(process);
            }
            usage.put(name, new Usage(cpu, pss));
        });
        return usage;
    }

    private static List<Long> withDescendants(long root, Map<Long, Long> parents) {
        List<Long> result = new ArrayList<>(List.of(root));
        for (int i = 0; i < result.size(); i++) {
            long current = result.get(i);
            parents.forEach((child, parent) -> {
                if (parent == current) {
                    result.add(child);
                }
            });
        }
        return result;
    }

    /**
     * Each process's CPU use between two samples taken {@code wallSeconds} apart, in % of one core (200% = two cores
     * busy).
     */
    static Map<String, Double> cpuPercentOfOneCore(
            Map<String, Usage> before, Map<String, Usage> after, double wallSeconds) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        after.forEach((name, usage) ->
                cpu.put(name, (usage.cpuSeconds() - before.get(name).cpuSeconds()) / wallSeconds * 100));
        return cpu;
    }

    /** Every process on the machine → its parent. */
    static Map<Long, Long> parents() {
        Map<Long, Long> parents = new LinkedHashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                String[] stat = stat(Long.parseLong(p.getFileName().toString()));
                if (stat != null) {
                    parents.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(stat[1]));
                }
            });
        } catch (IOException e) {
            // not Linux: no process figures
        }
        return parents;
    }

    /** Fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double cpuSeconds(long pid) {
        String[] stat = stat(pid);
        return stat == null ? 0 : (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / TICKS_PER_SECOND;
    }

    private static double pssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return 0;
    }
}
