package dev.sagaref.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark invocation measured; written as result.json. Resource figures are null where the processes
 * could not be measured (a stack on another machine).
 *
 * @param idle per stack, its CPU before any order was sent; empty with {@code --idle=0}
 */
record Result(String finishedAt, Options options, Machine machine, List<IdleStack> idle, List<Run> runs) {

    /** A p99 above this, or orders still open 5 s after the last was sent, means the rate is not sustainable. */
    static final double SUSTAINABLE_P99_MILLIS = 1_000;

    static final Duration BACKLOG_GRACE = Duration.ofSeconds(5);

    record ProcessFigures(double cpuPercentOfOneCore, double peakPssMegabytes) {}

    /** What a stack costs doing nothing: CPU in % of one core, per process and in total, over {@code seconds}. */
    record IdleStack(
            String relay, long seconds, Map<String, Double> cpuPercentOfOneCore, Double totalCpuPercentOfOneCore) {

        static IdleStack of(String relay, Duration duration, Map<String, Double> cpuPercentOfOneCore) {
            return new IdleStack(
                    relay, duration.toSeconds(), cpuPercentOfOneCore, sumOrNull(cpuPercentOfOneCore.values()));
        }
    }

    /**
     * @param latencyMillis from the intended send time of POST /api/orders to the order's terminal reply on Kafka
     * @param perSecond per second of intended send time: {second, p50 ms, p99 ms, sagas ended in that second}
     * @param peakLagByListener the highest consumer lag sampled during the run per "{@code group on topic}", each
     *     peak on its own (they need not fall in the same sample); listeners that never lagged are left out of the
     *     report
     * @param commitToKafkaMillis per service: the relay's own outbox-write-to-ack percentiles
     * @param orchestratorRelayedMessages what the orchestrator's relay published during the run, resends included;
     *     null if its metrics did not answer
     * @param commandsNeeded what the placed orders' sagas need published, each command once
     * @param relayedPerNeeded the two divided: 1.00 means nothing was sent twice
     * @param messageWaits per relay topic and per listener, how long messages waited there ({@link MessageWaits})
     */
    record Run(
            String relay,
            int rate,
            long durationSeconds,
            int placed,
            int completed,
            int failedRequests,
            int openAfterGrace,
            Map<String, Integer> outcomes,
            Map<String, Integer> unexpectedOutcomes,
            Map<String, Double> latencyMillis,
            double throughputPerSecond,
            long peakConsumerLag,
            Map<String, Long> peakLagByListener,
            long consumerLagAtEnd,
            Map<String, Map<String, Double>> commitToKafkaMillis,
            Long orchestratorRelayedMessages,
            long commandsNeeded,
            Double relayedPerNeeded,
            Map<String, ProcessFigures> processes,
            Double totalPssMegabytes,
            Double totalCpuPercentOfOneCore,
            List<double[]> perSecond,
            boolean sustainable,
            Map<String, Double> stepMillis,
            Map<String, MessageWaits.Wait> messageWaits) {

        /** The run with where its sagas' time went: the orchestrator's steps and each message's waits. */
        Run withBreakdown(Map<String, Double> steps, Map<String, MessageWaits.Wait> waits) {
            return new Run(
                    relay,
                    rate,
                    durationSeconds,
                    placed,
                    completed,
                    failedRequests,
                    openAfterGrace,
                    outcomes,
                    unexpectedOutcomes,
                    latencyMillis,
                    throughputPerSecond,
                    peakConsumerLag,
                    peakLagByListener,
                    consumerLagAtEnd,
                    commitToKafkaMillis,
                    orchestratorRelayedMessages,
                    commandsNeeded,
                    relayedPerNeeded,
                    processes,
                    totalPssMegabytes,
                    totalCpuPercentOfOneCore,
                    perSecond,
                    sustainable,
                    steps,
                    waits);
        }

        static Run of(
                String relay,
                int rate,
                Duration duration,
                List<LoadGenerator.Placed> placed,
                TerminalObserver observer,
                int failedRequests,
                long startNanos,
                long loadEndNanos,
                long endNanos,
                Map<String, ProcessSampler.Usage> before,
                Map<String, ProcessSampler.Usage> after,
                Map<String, Double> peakPss,
                long peakLag,
                Map<String, Long> peakLagByListener,
                long lagAtEnd,
                Map<String, Map<String, Double>> commitToKafka,
                Long orchestratorRelayed) {
            List<Long> latencies = new ArrayList<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Integer> unexpected = new TreeMap<>();
            Map<Long, List<Long>> bySecond = new TreeMap<>();
            Map<Long, Integer> endedPerSecond = new TreeMap<>();
            int openAfterGrace = 0;
            long grace = loadEndNanos + BACKLOG_GRACE.toNanos();
            for (LoadGenerator.Placed order : placed) {
                TerminalObserver.Terminal terminal = observer.terminal(order.orderId());
                if (terminal == null || terminal.atNanos() > grace) {
                    openAfterGrace++;
                }
                if (terminal == null) {
                    outcomes.merge("OPEN", 1, Integer::sum);
                    continue;
                }
                outcomes.merge(terminal.outcome(), 1, Integer::sum);
                boolean expectedApproval = order.expectedPath() == SagaPath.APPROVED;
                if (expectedApproval != terminal.outcome().equals("APPROVED")) {
                    unexpected.merge(order.expectedPath() + "->" + terminal.outcome(), 1, Integer::sum);
                }
                long latency = (terminal.atNanos() - order.intendedNanos()) / 1_000;
                latencies.add(latency);
                bySecond.computeIfAbsent((order.intendedNanos() - startNanos) / 1_000_000_000L, s -> new ArrayList<>())
                        .add(latency);
                endedPerSecond.merge((terminal.atNanos() - startNanos) / 1_000_000_000L, 1, Integer::sum);
            }
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            Map<String, Double> latency = new LinkedHashMap<>();
            latency.put("p50", percentile(sorted, 50));
            latency.put("p90", percentile(sorted, 90));
            latency.put("p99", percentile(sorted, 99));
            latency.put("max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0);
            List<double[]> perSecond = new ArrayList<>();
            bySecond.forEach((second, values) -> {
                long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
                perSecond.add(new double[] {
                    second, percentile(s, 50), percentile(s, 99), endedPerSecond.getOrDefault(second, 0)
                });
            });
            Map<String, Double> cpu = ProcessSampler.cpuPercentOfOneCore(before, after, (endNanos - startNanos) / 1e9);
            Map<String, ProcessFigures> processes = new LinkedHashMap<>();
            after.forEach((name, usage) -> processes.put(
                    name,
                    new ProcessFigures(
                            cpu.get(name), Math.max(peakPss.getOrDefault(name, 0.0), usage.pssMegabytes()))));
            long commandsNeeded = SagaPath.commandsNeeded(
                    placed.stream().map(LoadGenerator.Placed::expectedPath).toList());
            double loadSeconds = (loadEndNanos - startNanos) / 1e9;
            int completed = sorted.length;
            boolean sustainable = percentile(sorted, 99) < SUSTAINABLE_P99_MILLIS && openAfterGrace == 0;
            return new Run(
                    relay,
                    rate,
                    duration.toSeconds(),
                    placed.size(),
                    completed,
                    failedRequests,
                    openAfterGrace,
                    outcomes,
                    unexpected,
                    latency,
                    completedWithin(placed, observer, startNanos, loadEndNanos) / loadSeconds,
                    peakLag,
                    peakLagByListener,
                    lagAtEnd,
                    commitToKafka,
                    orchestratorRelayed,
                    commandsNeeded,
                    orchestratorRelayed == null || commandsNeeded == 0
                            ? null
                            : (double) orchestratorRelayed / commandsNeeded,
                    processes,
                    sumOrNull(processes.values().stream()
                            .map(ProcessFigures::peakPssMegabytes)
                            .toList()),
                    sumOrNull(cpu.values()),
                    perSecond,
                    sustainable,
                    Map.of(),
                    Map.of());
        }

        /** Sagas that ended while the load ran: the rate the system kept up with. */
        private static int completedWithin(
                List<LoadGenerator.Placed> placed, TerminalObserver observer, long start, long end) {
            int count = 0;
            for (LoadGenerator.Placed order : placed) {
                TerminalObserver.Terminal terminal = observer.terminal(order.orderId());
                if (terminal != null && terminal.atNanos() >= start && terminal.atNanos() <= end) {
                    count++;
                }
            }
            return count;
        }

        static double percentile(long[] sortedMicros, int percentile) {
            if (sortedMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, index)] / 1000.0;
        }
    }

    /** Null, not zero, when nothing was measured. */
    private static Double sumOrNull(Collection<Double> values) {
        return values.isEmpty()
                ? null
                : values.stream().mapToDouble(Double::doubleValue).sum();
    }
}
