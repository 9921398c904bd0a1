package dev.sagaref.benchmark;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to run; {@link #USAGE} lists the options.
 *
 * @param relays relay modes to start a fresh stack for, in turn; with {@code target}, empty (ask the stack) or the one
 *     label to report the running stack under
 * @param idle how long to sample the CPU of the stack before the warm-up, with no orders; zero skips it
 * @param target a running stack's {@code http://HOST} (services on their default ports); null to start stacks
 * @param kafka the running stack's broker as {@code HOST:PORT}; null when stacks are started
 * @param warmUp the stages run before anything is measured, in order; empty for none
 */
record Options(
        String mode,
        int rate,
        Duration duration,
        List<Integer> rampRates,
        Duration rampStep,
        List<String> relays,
        double rejectShare,
        String output,
        Duration idle,
        URI target,
        String kafka,
        List<Benchmark.WarmUpStage> warmUp) {

    static final String USAGE = """
            Usage: ./run-benchmark [--name=value ...]
              --mode=fixed               fixed: one arrival rate; ramp: rising rates until one is not sustainable;
                                         start: the stack as ./run-local starts it (AOT caches), timed: a second
                                         start, the first orders after it, then each process's memory and threads
                                         (one relay: the first of --relays; writes start.md to --output)
              --rate=50 --duration=60    fixed mode: orders per second, for that many seconds
              --rates=25,50,100,150,200,250 --step=30
                                         ramp mode: the rates, and seconds at each
              --relays=debezium,polling  start a fresh stack per relay and run the same load against each
              --reject-share=0           share of orders sent down each of the three rejection paths (at most 0.33)
              --idle=30                  seconds to sample the idle stack's CPU before the warm-up; 0 skips it
              --warm-up=10:30,25:30      stages before measuring, RATE:SECONDS each, each waiting until its orders
                                         ended; lower them on a machine that sustains less; none skips the warm-up
              --target=http://HOST       benchmark a running stack (services on ports 8081-8085, as ./run-local
                                         starts them) instead of starting one; --relays then names its one relay
                                         (default: what order-service's health reports)
              --kafka=HOST:PORT          the running stack's Kafka (default: the target's HOST:9092)
              --output=benchmark/target/report
                                         where result.json, report.md and the charts go
            """;

    private static final Set<String> NAMES = Set.of(
            "mode",
            "rate",
            "duration",
            "rates",
            "step",
            "relays",
            "reject-share",
            "output",
            "idle",
            "target",
            "kafka",
            "warm-up");
    private static final Set<String> RELAYS = Set.of("debezium", "polling");
    private static final int DEFAULT_KAFKA_PORT = 9092;

    /** @throws IllegalArgumentException naming the option that is unknown, malformed or out of range */
    static Options parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            String[] nameAndValue = arg.replaceFirst("^--", "").split("=", 2);
            if (!arg.startsWith("--") || nameAndValue.length < 2) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            if (!NAMES.contains(nameAndValue[0])) {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
            given.put(nameAndValue[0], nameAndValue[1]);
        }
        String mode = given.getOrDefault("mode", "fixed");
        if (!mode.equals("fixed") && !mode.equals("ramp") && !mode.equals("start")) {
            throw new IllegalArgumentException("--mode must be fixed, ramp or start, got " + mode);
        }
        double rejectShare = decimal("reject-share", given.getOrDefault("reject-share", "0"));
        if (rejectShare < 0 || rejectShare * 3 > 1) {
            throw new IllegalArgumentException("--reject-share must be between 0 and 0.33, got " + rejectShare);
        }
        URI target = given.containsKey("target") ? target(given.get("target")) : null;
        if (target != null && mode.equals("start")) {
            throw new IllegalArgumentException("--mode=start starts a stack of its own; it cannot use --target");
        }
        if (target == null && given.containsKey("kafka")) {
            throw new IllegalArgumentException("--kafka only goes with --target: a started stack has its own Kafka");
        }
        String kafka =
                target == null ? null : kafka(given.getOrDefault("kafka", target.getHost() + ":" + DEFAULT_KAFKA_PORT));
        List<String> relays = relays(given.getOrDefault("relays", target == null ? "debezium,polling" : ""));
        if (target == null && relays.isEmpty()) {
            throw new IllegalArgumentException("--relays needs at least one of debezium, polling");
        }
        if (target != null && relays.size() > 1) {
            throw new IllegalArgumentException(
                    "With --target, --relays names the running stack's one relay, got " + String.join(",", relays));
        }
        return new Options(
                mode,
                wholeNumber("rate", given.getOrDefault("rate", "50"), 1),
                seconds("duration", given.getOrDefault("duration", "60"), 1),
                List.of(given.getOrDefault("rates", "25,50,100,150,200,250").split(",")).stream()
                        .map(rate -> wholeNumber("rates", rate, 1))
                        .toList(),
                seconds("step", given.getOrDefault("step", "30"), 1),
                relays,
                rejectShare,
                given.getOrDefault("output", "benchmark/target/report"),
                seconds("idle", given.getOrDefault("idle", "30"), 0),
                target,
                kafka,
                warmUp(given.getOrDefault("warm-up", "10:30,25:30")));
    }

    private static List<Benchmark.WarmUpStage> warmUp(String value) {
        if (value.equals("none")) {
            return List.of();
        }
        return List.of(value.split(",")).stream()
                .map(stage -> {
                    String[] rateAndSeconds = stage.split(":", 2);
                    if (rateAndSeconds.length < 2) {
                        throw new IllegalArgumentException(
                                "--warm-up takes RATE:SECONDS stages separated by commas, or none, got " + value);
                    }
                    return new Benchmark.WarmUpStage(
                            wholeNumber("warm-up", rateAndSeconds[0], 1), seconds("warm-up", rateAndSeconds[1], 1));
                })
                .toList();
    }

    private static List<String> relays(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> relays = List.of(value.split(","));
        for (String relay : relays) {
            if (!RELAYS.contains(relay)) {
                throw new IllegalArgumentException("--relays takes debezium and/or polling, got " + relay);
            }
        }
        return relays;
    }

    /** Only a host: the services listen on their default ports, so a port or path would be ignored anyway. */
    private static URI target(String value) {
        String withoutSlash = value.replaceFirst("/$", "");
        try {
            URI target = new URI(withoutSlash);
            if (target.getHost() != null && withoutSlash.equals("http://" + target.getHost())) {
                return target;
            }
        } catch (URISyntaxException malformed) {
            // reported below, like any other shape that is not http://HOST
        }
        throw new IllegalArgumentException(
                "--target must be http://HOST, without port or path (the services use ports 8081-8085), got " + value);
    }

    private static String kafka(String value) {
        int colon = value.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port > 0 && port < 65536) {
                    return value;
                }
            } catch (NumberFormatException notAPort) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--kafka must be HOST:PORT, got " + value);
    }

    /** Seconds may be written with a trailing {@code s}: {@code 60} or {@code 60s}. */
    private static Duration seconds(String name, String value, int minimum) {
        return Duration.ofSeconds(wholeNumber(name, value.replaceFirst("s$", ""), minimum));
    }

    private static int wholeNumber(String name, String value, int minimum) {
        try {
            int number = Integer.parseInt(value);
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--" + name + " must be a whole number of at least " + minimum + ", got " + value);
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + value);
        }
    }
}
