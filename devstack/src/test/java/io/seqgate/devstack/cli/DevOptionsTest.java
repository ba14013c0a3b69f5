package io.seqgate.devstack.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.cli.Console;
import io.seqgate.cli.Main;
import io.seqgate.config.SinkExecution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code seqgate dev}'s options: the parsing only, nothing is started. */
class DevOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Dev parse(String... args) {
        Dev dev = new Dev(new Console(Map.of(), print(out), print(err)));
        Main.configure(new CommandLine(dev), print(out), print(err)).parseArgs(args);
        return dev;
    }

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "dev";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all, Map.of(), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void sinkPoolIsFourWorkersPerCoreAndNeverMoreThanProductions() {
        assertThat(Dev.sinkWorkers(2)).isEqualTo(8);
        assertThat(Dev.sinkWorkers(1)).isEqualTo(4);
        assertThat(Dev.sinkWorkers(64)).isEqualTo(SinkExecution.DEFAULT_CONCURRENCY);
    }

    @Test
    void defaultsAreTheDocumentedPortsOneInstanceAndAPerfectNotifier() {
        Dev dev = parse();

        assertThat(dev.kafkaPort).isEqualTo(9092);
        assertThat(dev.s3Port).isEqualTo(9000);
        assertThat(dev.httpPort).isEqualTo(8080);
        assertThat(dev.instances).isEqualTo(1);
        assertThat(dev.partitions).isEqualTo(6);
        assertThat(dev.duplicates).isZero();
        assertThat(dev.maxDelay).isEqualTo(Duration.ZERO);
        assertThat(dev.dataDir).isNull();
        assertThat(dev.capture).isNull();
        assertThat(dev.versioned).isFalse();
        assertThat(dev.logFile).isEqualTo(Path.of("seqgate-dev.log"));
    }

    @Test
    void takesOptionsWithASpaceOrAnEqualsSign() {
        Dev dev = parse(
                "--kafka-port",
                "49092",
                "--s3-port=49000",
                "--http-port",
                "48080",
                "--instances=3",
                "--max-delay",
                "500ms",
                "--duplicates=0.25",
                "--versioned");

        assertThat(dev.kafkaPort).isEqualTo(49092);
        assertThat(dev.s3Port).isEqualTo(49000);
        assertThat(dev.httpPort).isEqualTo(48080);
        assertThat(dev.instances).isEqualTo(3);
        assertThat(dev.maxDelay).isEqualTo(Duration.ofMillis(500));
        assertThat(dev.duplicates).isEqualTo(0.25);
        assertThat(dev.versioned).isTrue();
    }

    @Test
    void refusesAPortOutOfRangeNamingTheOptionWithExitTwo() {
        assertThat(run("--kafka-port", "70000")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith("Invalid value for option '--kafka-port': expected a whole number from 0 to 65535, got"
                        + " '70000'");
    }

    @Test
    void refusesAProbabilityAboveOneNamingTheOption() {
        assertThat(run("--duplicates=1.5")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--duplicates'", "probability");
    }

    @Test
    void refusesABadDurationNamingTheOption() {
        assertThat(run("--max-delay", "soon")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--max-delay'", "expected a duration like 500ms");
    }

    @Test
    void refusesVersionedInputWithADataDir() {
        assertThat(run("--versioned", "--data-dir", "/tmp/x")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--versioned needs the in-memory S3 store");
    }

    @Test
    void refusesHttpPortsThatRunPast65535() {
        assertThat(run("--http-port", "65535", "--instances", "2")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--http-port 65535 leaves no room for 2 instances");
    }

    @Test
    void refusesAnUnknownOptionSuggestingTheNearestWithExitTwo() {
        assertThat(run("--kafka-prot", "1")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--kafka-prot'", "--kafka-port");
    }
}
