package dev.sagaref.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.chaos.ChaosRun.Options;
import dev.sagaref.chaos.ChaosRun.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The CI schedule of {@code ./run-chaos}: two instances of every service, orders streaming in, a participant instance
 * killed, the active relay killed, the broker paused, PostgreSQL crashed, an orchestrator killed and, where this
 * machine can cut one process off (root, iptables, cgroup v2), the active relay partitioned from PostgreSQL;
 * afterwards every invariant must hold. The report lands in {@code chaos/target/chaos-report/}.
 */
class ChaosRunIT {

    @Test
    void everyInvariantHoldsThroughTheCiSchedule() throws Exception {
        Options options = new Options(
                Path.of("..").toAbsolutePath().normalize(),
                Path.of("target", "chaos-report"),
                "ci",
                4,
                "debezium",
                Duration.ofSeconds(15));

        Outcome outcome = new ChaosRun(options).run();
        Path report = ChaosReport.write(outcome, options.output());

        System.out.println("Chaos report: " + report.toAbsolutePath());
        assertThat(outcome.checks())
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.passed())
                        .as("%s: %s", check.name(), check.detail())
                        .isTrue());
        assertThat(outcome.faults())
                .hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(fault -> assertThat(fault.recoverySeconds())
                        .as("an order placed after '%s' ended", fault.name())
                        .isNotNull());
        assertThat(outcome.orders()).isNotEmpty();
    }
}
