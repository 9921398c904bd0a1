package dev.sagaref.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * What to run. {@code --mode=fixed --rate=50 --duration=60s} holds one arrival rate; {@code --mode=ramp
 * --rates=25,50,100,150,200 --step=30s} steps up and reports the highest rate the system sustains. {@code
 * --relays=debezium,polling} runs the same load against each relay, side by side. {@code --reject-share=0.1} sends
 * that share of orders down each rejection path (so 0.1 means 30% rejected in all).
 */
record Options(
        String mode,
        int rate,
        Duration duration,
        List<Integer> rampRates,
        Duration rampStep,
        List<String> relays,
        double rejectShare,
        String output) {

    static Options parse(String[] args) {
        String mode = "fixed";
        int rate = 50;
        Duration duration = Duration.ofSeconds(60);
        List<Integer> rampRates = List.of(25, 50, 100, 150, 200, 250);
        Duration rampStep = Duration.ofSeconds(30);
        List<String> relays = List.of("debezium", "polling");
        double rejectShare = 0.0;
        String output = "benchmark/target/report";
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            String value = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "mode" -> mode = value;
                case "rate" -> rate = Integer.parseInt(value);
                case "duration" -> duration = seconds(value);
                case "rates" ->
                    rampRates = List.of(value.split(",")).stream()
                            .map(Integer::parseInt)
                            .toList();
                case "step" -> rampStep = seconds(value);
                case "relays" -> relays = List.of(value.split(","));
                case "reject-share" -> rejectShare = Double.parseDouble(value);
                case "output" -> output = value;
                default ->
                    throw new IllegalArgumentException("Unknown option " + arg
                            + "; see Options.java (mode, rate, duration, rates, step, relays, reject-share, output)");
            }
        }
        if (!mode.equals("fixed") && !mode.equals("ramp")) {
            throw new IllegalArgumentException("--mode must be fixed or ramp");
        }
        if (rejectShare < 0 || rejectShare * 3 > 1) {
            throw new IllegalArgumentException("--reject-share must be between 0 and 0.33");
        }
        return new Options(mode, rate, duration, rampRates, rampStep, relays, rejectShare, output);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
    }
}
