package dev.sagaref.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Charts.lineChart(
                directory.resolve("latency.png"),
                "POST accepted → saga ended, per second of sending",
                "seconds",
                "ms",
                latency);
        Charts.lineChart(
                directory.resolve("throughput.png"), "Sagas ended per second", "seconds", "sagas/s", throughput);

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
                .append("coordinated omission) to the order's `OrderApproved`/`OrderRejected` reply on Kafka.\n\n");
        md.append(
                "| relay | rate/s | placed | ended | p50 ms | p90 ms | p99 ms | max ms | sagas/s | outcomes | peak lag | PSS MB | CPU % of one core | sustainable |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result.Run run : result.runs()) {
            md.append(String.format(
                    "| %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %s | %d | %.0f | %.0f | %s |%n",
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
                    run.totalPssMegabytes(),
                    run.totalCpuPercentOfOneCore(),
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
            md.append("Relay commit → Kafka ack per service (ms, the relay's own timer): \n\n");
            run.commitToKafkaMillis()
                    .forEach((service, figures) -> md.append("- ")
                            .append(service)
                            .append(": ")
                            .append(figures)
                            .append('\n'));
            md.append("\nProcesses (CPU % of one core averaged over the run, peak PSS MB):\n\n");
            run.processes()
                    .forEach((name, figures) -> md.append(String.format(
                            "- %s: %.0f%% CPU, %.0f MB%n",
                            name, figures.cpuPercentOfOneCore(), figures.peakPssMegabytes())));
            if (!run.unexpectedOutcomes().isEmpty()) {
                md.append("\nUnexpected outcomes: ")
                        .append(run.unexpectedOutcomes())
                        .append('\n');
            }
            md.append('\n');
        }
        Files.writeString(directory.resolve("report.md"), md.toString());
    }
}
