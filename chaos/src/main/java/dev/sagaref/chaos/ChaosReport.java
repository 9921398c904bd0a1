package dev.sagaref.chaos;

import dev.sagaref.benchmark.Charts;
import dev.sagaref.benchmark.Charts.Marker;
import dev.sagaref.chaos.ChaosRun.Event;
import dev.sagaref.chaos.ChaosRun.FaultResult;
import dev.sagaref.chaos.ChaosRun.Outcome;
import dev.sagaref.chaos.Invariants.Check;
import dev.sagaref.chaos.Traffic.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A chaos run as Markdown (report.md), JSON (result.json) and two charts with the faults marked. */
final class ChaosReport {

    private static final int BUCKET_SECONDS = 5;

    private ChaosReport() {}

    static Path write(Outcome outcome, Path directory) throws IOException {
        Files.createDirectories(directory);
        Instant start = outcome.history().stream()
                .map(Placement::intended)
                .min(Comparator.naturalOrder())
                .orElse(Instant.now());
        List<Marker> markers = outcome.faults().stream()
                .map(f -> new Marker(f.injectedAt(), f.name()))
                .toList();
        Charts.lineChart(
                directory.resolve("throughput.png"),
                "Orders ended per second, faults marked where injected",
                "seconds since the traffic started",
                "orders/s",
                Charts.YScale.LINEAR,
                Map.of("ended", throughput(outcome, start)),
                markers);
        Charts.lineChart(
                directory.resolve("latency.png"),
                "Placement to end (p50 and max per " + BUCKET_SECONDS + " s of placements)",
                "seconds since the traffic started (when the order was placed)",
                "seconds",
                Charts.YScale.LOGARITHMIC,
                latency(outcome, start),
                markers);
        JsonMapper json =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        json.writeValue(directory.resolve("result.json").toFile(), result(outcome));
        Path report = directory.resolve("report.md");
        Files.writeString(report, markdown(outcome));
        return report;
    }

    private static List<double[]> throughput(Outcome outcome, Instant start) {
        TreeMap<Long, Integer> perBucket = new TreeMap<>();
        outcome.endedAt()
                .values()
                .forEach(ended -> perBucket.merge(
                        Math.max(0, Duration.between(start, ended).toSeconds()) / BUCKET_SECONDS, 1, Integer::sum));
        List<double[]> points = new ArrayList<>();
        if (!perBucket.isEmpty()) {
            for (long bucket = 0; bucket <= perBucket.lastKey(); bucket++) {
                points.add(new double[] {
                    bucket * BUCKET_SECONDS, perBucket.getOrDefault(bucket, 0) / (double) BUCKET_SECONDS
                });
            }
        }
        return points;
    }

    private static Map<String, List<double[]>> latency(Outcome outcome, Instant start) {
        TreeMap<Long, List<Double>> perBucket = new TreeMap<>();
        for (Placement placement : outcome.history()) {
            Instant ended = placement.wasAccepted() ? outcome.endedAt().get(placement.orderId()) : null;
            if (ended != null) {
                perBucket
                        .computeIfAbsent(
                                Duration.between(start, placement.intended()).toSeconds() / BUCKET_SECONDS,
                                bucket -> new ArrayList<>())
                        .add(Duration.between(placement.intended(), ended).toMillis() / 1000.0);
            }
        }
        List<double[]> p50 = new ArrayList<>();
        List<double[]> max = new ArrayList<>();
        perBucket.forEach((bucket, seconds) -> {
            seconds.sort(Comparator.naturalOrder());
            p50.add(new double[] {bucket * BUCKET_SECONDS, Math.max(0.01, seconds.get(seconds.size() / 2))});
            max.add(new double[] {bucket * BUCKET_SECONDS, Math.max(0.01, seconds.get(seconds.size() - 1))});
        });
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("p50", p50);
        series.put("max", max);
        return series;
    }

    private static Map<String, Object> result(Outcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("passed", outcome.passed());
        result.put(
                "options",
                Map.of(
                        "schedule", outcome.options().schedule(),
                        "ordersPerSecond", outcome.options().ordersPerSecond(),
                        "relay", outcome.options().relay(),
                        "stepTimeoutSeconds", outcome.options().stepTimeout().toSeconds()));
        result.put("summary", summary(outcome));
        result.put("checks", outcome.checks());
        result.put("faults", outcome.faults());
        result.put("timeline", outcome.timeline());
        result.put("skipped", outcome.skipped());
        return result;
    }

    private static Map<String, Object> summary(Outcome outcome) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("placed", outcome.history().size());
        summary.put(
                "accepted",
                outcome.history().stream().filter(Placement::wasAccepted).count());
        summary.put(
                "retried",
                outcome.history().stream().filter(p -> p.requests() > 1).count());
        Map<String, Long> byStatus = new TreeMap<>();
        outcome.orders().values().forEach(order -> byStatus.merge(order.status(), 1L, Long::sum));
        summary.put("orders", byStatus);
        return summary;
    }

    private static String markdown(Outcome outcome) {
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run: ").append(outcome.passed() ? "every invariant held" : "INVARIANTS BROKEN");
        md.append("\n\nSchedule `")
                .append(outcome.options().schedule())
                .append("`, ")
                .append(outcome.options().ordersPerSecond())
                .append(" orders/s, relay ")
                .append(outcome.options().relay())
                .append(", saga step deadline ")
                .append(outcome.options().stepTimeout().toSeconds())
                .append(" s, two instances of every service. Summary: ")
                .append(summary(outcome))
                .append(".\n\n## Invariants\n\n| | invariant | detail |\n|---|---|---|\n");
        for (Check check : outcome.checks()) {
            md.append("| ")
                    .append(check.passed() ? "pass" : "**FAIL**")
                    .append(" | ")
                    .append(check.name())
                    .append(" | ")
                    .append(check.detail().replace("|", "/"))
                    .append(" |\n");
        }
        md.append("\n## Faults\n\n| fault | injected at | healed at | recovered (probe order placed after healing"
                + " to its end) | detail |\n|---|---|---|---|---|\n");
        for (FaultResult fault : outcome.faults()) {
            md.append(String.format(
                    "| %s | %.1f s | %.1f s | %s | %s |%n",
                    fault.name(),
                    fault.injectedAt(),
                    fault.healedAt(),
                    fault.recoverySeconds() == null ? "not within 3 min" : fault.recoverySeconds() + " s",
                    fault.detail() == null ? "" : fault.detail()));
        }
        md.append("\n![Orders ended per second](throughput.png)\n\n![Latency](latency.png)\n\n## Timeline\n\n");
        for (Event event : outcome.timeline()) {
            md.append(String.format(
                    "- %.1f s: %s%s%s%n",
                    event.at(),
                    event.fault() == null ? "" : event.fault() + ": ",
                    event.what(),
                    event.detail() == null ? "" : " (" + event.detail() + ")"));
        }
        md.append("\n## Not injected\n\n");
        outcome.skipped().forEach(reason -> md.append("- ").append(reason).append('\n'));
        return md.toString();
    }
}
