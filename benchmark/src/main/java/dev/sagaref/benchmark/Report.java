package dev.sagaref.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** result.json for machines, report.md with two charts for people. */
final class Report {

    private Report() {}

    static void write(Result result, Path directory) throws IOException {
        JsonMapper json =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(directory.resolve("result.json"), json.writeValueAsString(result));

        Map<String, List<double[]>> latency = new LinkedHashMap<>();
        Map<String, List<double[]>> throughput = new LinkedHashMap<>();
        for (Result.Run run : result.runs()) {
            String name = run.relay() + " @" + run.rate() + "/s";
            latency.put(
                    name + " p50",
                    run.perSecond().stream().map(p -> new double[] {p[0], p[1]}).toList());
            latency.put(
                    name + " p99",
                    run.perSecond().stream().map(p -> new double[] {p[0], p[2]}).toList());
            throughput.put(
                    name,
                    run.perSecond().stream().map(p -> new double[] {p[0], p[3]}).toList());
        }
        // Logarithmic: one relay's latency is in seconds, the other's in milliseconds.
        Charts.lineChart(
                directory.resolve("latency.png"),
                "POST accepted → saga ended, per second of sending (log scale)",
                "seconds",
                "ms",
                Charts.YScale.LOGARITHMIC,
                latency);
        Charts.lineChart(
                directory.resolve("throughput.png"),
                "Sagas ended per second",
                "seconds",
                "sagas/s",
                Charts.YScale.LINEAR,
                throughput);

        StringBuilder md = new StringBuilder();
        Machine m = result.machine();
        md.append("# Saga benchmark\n\n");
        md.append("Finished ")
                .append(result.finishedAt())
                .append(". Options: `")
                .append(result.options())
                .append("`\n\n");
        md.append("Machine: ")
                .append(m.cores())
                .append(" cores (")
                .append(m.cpu())
                .append("), ")
                .append(m.memory())
                .append(" memory, ")
                .append(m.os())
                .append(", ")
                .append(m.jdk())
                .append(". Versions: ")
                .append(m.versions())
                .append(".\n\n");
        md.append("Everything runs on this one machine: PostgreSQL, Kafka, the five services and the load generator. ")
                .append("Latency is measured from the *intended* send time of `POST /api/orders` (open model, no ")
                .append("coordinated omission) to the moment order-service's relay handed the order's ")
                .append("`OrderApproved`/`OrderRejected` reply to its Kafka producer (the record's timestamp; with ")
                .append("`--target`, the reply's arrival here).\n\n");
        if (!result.idle().isEmpty()) {
            md.append("## Idle stack\n\nCPU in % of one core with no orders, before the warm-up:\n\n");
            for (Result.IdleStack idle : result.idle()) {
                md.append(String.format(
                        "- %s, over %d s: %s in total%s%n",
                        idle.relay(),
                        idle.seconds(),
                        figure(idle.totalCpuPercentOfOneCore(), "%.1f%%"),
                        idle.cpuPercentOfOneCore().isEmpty()
                                ? " (processes not measured)"
                                : " (" + cpuPerProcess(idle.cpuPercentOfOneCore()) + ")"));
            }
            md.append('\n');
        }
        md.append(
                "| relay | rate/s | placed | ended | p50 ms | p90 ms | p99 ms | max ms | sagas/s | outcomes | peak lag | orchestrator relayed / needed | PSS MB | CPU % of one core | sustainable |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result.Run run : result.runs()) {
            md.append(String.format(
                    "| %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %s | %d | %s | %s | %s | %s |%n",
                    run.relay(),
                    run.rate(),
                    run.placed(),
                    run.completed(),
                    run.latencyMillis().get("p50"),
                    run.latencyMillis().get("p90"),
                    run.latencyMillis().get("p99"),
                    run.latencyMillis().get("max"),
                    run.throughputPerSecond(),
                    run.outcomes(),
                    run.peakConsumerLag(),
                    figure(run.relayedPerNeeded(), "%.2f"),
                    figure(run.totalPssMegabytes(), "%.0f"),
                    figure(run.totalCpuPercentOfOneCore(), "%.0f"),
                    run.sustainable() ? "yes" : "no"));
        }
        md.append("\n![latency](latency.png)\n\n![throughput](throughput.png)\n\n");
        for (Result.Run run : result.runs()) {
            md.append("## ")
                    .append(run.relay())
                    .append(" at ")
                    .append(run.rate())
                    .append(" orders/s\n\n");
            md.append("Where the time goes (mean over sampled sagas, ms): ")
                    .append(run.stepMillis())
                    .append("\n\n");
            appendMessageWaits(md, run.messageWaits());
            md.append(
                            "Peak consumer lag per listener (read from committed offsets, so it includes up to a second of messages"
                                    + " already handled): ")
                    .append(peakLagByListener(run))
                    .append("\n\n");
            md.append("Relay commit → Kafka ack per service (ms, the relay's own timer): \n\n");
            run.commitToKafkaMillis()
                    .forEach((service, figures) -> md.append("- ")
                            .append(service)
                            .append(": ")
                            .append(figures)
                            .append('\n'));
            md.append(String.format(
                    "%nOrchestrator relayed %s messages for the %d commands these sagas need (%s; 1.00 = no resends).%n",
                    figure(run.orchestratorRelayedMessages(), "%d"),
                    run.commandsNeeded(),
                    figure(run.relayedPerNeeded(), "%.2f")));
            md.append("\nProcesses (CPU % of one core averaged over the run, peak PSS MB):\n\n");
            if (run.processes().isEmpty()) {
                md.append("- not measured: the stack's processes were not found on this machine\n");
            }
            run.processes()
                    .forEach((name, figures) -> md.append(String.format(
                            "- %s: %.0f%% CPU, %.0f MB%n",
                            name, figures.cpuPercentOfOneCore(), figures.peakPssMegabytes())));
            if (!run.processes().isEmpty()) {
                md.append(String.format(
                        "%nPostgreSQL, Kafka and the five services: %.0f MB, the sum of their peaks (the issuer and the"
                                + " console not counted).%n",
                        run.processes().entrySet().stream()
                                .filter(process -> ProcessSampler.inFootprint(process.getKey()))
                                .mapToDouble(process -> process.getValue().peakPssMegabytes())
                                .sum()));
            }
            if (!run.unexpectedOutcomes().isEmpty()) {
                md.append("\nUnexpected outcomes: ")
                        .append(run.unexpectedOutcomes())
                        .append('\n');
            }
            md.append('\n');
        }
        Files.writeString(directory.resolve("report.md"), md.toString());
    }

    /**
     * Each message's wait split in two, from its own stamps ({@link MessageWaits}): written to its outbox → sent by the
     * relay, and sent → the message it caused written by the listener that read it.
     */
    private static void appendMessageWaits(StringBuilder md, Map<String, MessageWaits.Wait> waits) {
        if (waits.isEmpty()) {
            return;
        }
        md.append("Where each message waited (ms; relay: written to the outbox → sent to Kafka; listener: sent to Kafka"
                + " → the message it caused written):\n\n");
        md.append("| hop | messages | mean | p50 | p99 |\n|---|---|---|---|---|\n");
        waits.forEach((hop, wait) -> md.append(String.format(
                "| %s | %d | %.1f | %.1f | %.1f |%n",
                hop, wait.count(), wait.meanMillis(), wait.p50Millis(), wait.p99Millis())));
        md.append('\n');
    }

    /** A measured figure, or n/a where it could not be measured (never a misleading zero). */
    static String figure(Object value, String format) {
        return value == null ? "n/a" : String.format(format, value);
    }

    private static String peakLagByListener(Result.Run run) {
        if (run.peakLagByListener().isEmpty()) {
            return "not measured";
        }
        String lagging = run.peakLagByListener().entrySet().stream()
                .filter(listener -> listener.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(listener -> listener.getKey() + " " + listener.getValue())
                .collect(Collectors.joining(", "));
        return lagging.isEmpty() ? "none" : lagging;
    }

    private static String cpuPerProcess(Map<String, Double> cpu) {
        List<String> processes = new ArrayList<>();
        cpu.forEach((name, percent) -> processes.add(String.format("%s %.1f%%", name, percent)));
        return String.join(", ", processes);
    }
}
