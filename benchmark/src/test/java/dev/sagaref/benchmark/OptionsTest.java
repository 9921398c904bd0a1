package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void withoutOptionsItStartsAStackPerRelayAndIdlesFor30Seconds() {
        Options options = Options.parse();

        assertThat(options.target()).isNull();
        assertThat(options.kafka()).isNull();
        assertThat(options.relays()).containsExactly("debezium", "polling");
        assertThat(options.idle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.mode()).isEqualTo("fixed");
        assertThat(options.rate()).isEqualTo(50);
        assertThat(options.warmUp())
                .containsExactly(
                        new Benchmark.WarmUpStage(10, Duration.ofSeconds(30)),
                        new Benchmark.WarmUpStage(25, Duration.ofSeconds(30)));
    }

    @Test
    void theWarmUpIsStagesOfRateAndSecondsOrNone() {
        assertThat(Options.parse("--warm-up=3:20,5:40s").warmUp())
                .containsExactly(
                        new Benchmark.WarmUpStage(3, Duration.ofSeconds(20)),
                        new Benchmark.WarmUpStage(5, Duration.ofSeconds(40)));
        assertThat(Options.parse("--warm-up=none").warmUp()).isEmpty();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--warm-up=10"))
                .withMessage("--warm-up takes RATE:SECONDS stages separated by commas, or none, got 10");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--warm-up=0:30"))
                .withMessage("--warm-up must be a whole number of at least 1, got 0");
    }

    @Test
    void theStartModeStartsItsOwnStack() {
        assertThat(Options.parse("--mode=start", "--relays=polling").mode()).isEqualTo("start");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--mode=start", "--target=http://localhost"))
                .withMessageContaining("--target");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--mode=warm"))
                .withMessageContaining("fixed, ramp or start");
    }

    @Test
    void aTargetTakesKafkaFromItsHostAndAsksTheStackForTheRelay() {
        Options options = Options.parse("--target=http://bench-host/", "--idle=0");

        assertThat(options.target()).isEqualTo(URI.create("http://bench-host"));
        assertThat(options.kafka()).isEqualTo("bench-host:9092");
        assertThat(options.relays()).isEmpty();
        assertThat(options.idle()).isZero();
    }

    @Test
    void aTargetCanNameItsKafkaAndItsOneRelay() {
        Options options = Options.parse("--target=http://localhost", "--kafka=127.0.0.1:39092", "--relays=polling");

        assertThat(options.kafka()).isEqualTo("127.0.0.1:39092");
        assertThat(options.relays()).containsExactly("polling");
    }

    @Test
    void secondsMayEndInS() {
        Options options = Options.parse("--mode=ramp", "--rates=10,20", "--step=15s", "--idle=5s");

        assertThat(options.rampRates()).containsExactly(10, 20);
        assertThat(options.rampStep()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.idle()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTargetIsAHostWithoutPortOrPath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=http://localhost:8081"))
                .withMessageContaining("--target must be http://HOST");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=localhost"))
                .withMessageContaining("--target must be http://HOST");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=http://localhost/api"))
                .withMessageContaining("--target must be http://HOST");
    }

    @Test
    void kafkaNeedsATargetAndAPort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--kafka=localhost:9092"))
                .withMessageContaining("--kafka only goes with --target");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=http://localhost", "--kafka=localhost"))
                .withMessageContaining("--kafka must be HOST:PORT");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=http://localhost", "--kafka=localhost:kafka"))
                .withMessageContaining("--kafka must be HOST:PORT");
    }

    @Test
    void relaysAreKnownAndARunningStackHasOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--target=http://localhost", "--relays=debezium,polling"))
                .withMessageContaining("one relay");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--relays=debezium,kafka-connect"))
                .withMessageContaining("--relays takes debezium and/or polling");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--relays="))
                .withMessageContaining("--relays needs at least one");
    }

    @Test
    void idleIsWholeSecondsOfAtLeastZero() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--idle=-1"))
                .withMessage("--idle must be a whole number of at least 0, got -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--idle=half"))
                .withMessage("--idle must be a whole number of at least 0, got half");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--rate=0"))
                .withMessage("--rate must be a whole number of at least 1, got 0");
    }

    @Test
    void unknownOrValuelessOptionsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--targets=http://localhost"))
                .withMessage("Unknown option --targets=http://localhost");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Options.parse("--idle"))
                .withMessage("Expected --name=value, got --idle");
    }
}
