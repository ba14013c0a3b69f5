package io.seqgate.devstack.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.cli.Console;
import io.seqgate.cli.Main;
import io.seqgate.devstack.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code seqgate chaos}'s options: the parsing only, nothing is started. */
class ChaosTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ChaosRun.Settings parse(String... args) {
        Chaos chaos = new Chaos(new Console(Map.of(), print(out), print(err)));
        Main.configure(new CommandLine(chaos), print(out), print(err)).parseArgs(args);
        return chaos.settings(Path.of("work"));
    }

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "chaos";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all, Map.of(), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void defaultsAreTheDocumentedFaultRun() {
        ChaosRun.Settings s = parse();

        assertThat(s.faults().kills()).isEqualTo(6);
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.processors().instances()).isEqualTo(3);
        assertThat(s.keys()).isEqualTo(40);
        assertThat(s.uploadPause()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.faults().s3Outage()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.faults().slowS3()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.faults().brokerDown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.processors().retryBudget()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void takesOptionsWithASpaceOrAnEqualsSign() {
        ChaosRun.Settings s = parse("--kills", "10", "--duration=5m", "--seed", "7", "--broker-down=0");

        assertThat(s.faults().kills()).isEqualTo(10);
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.faults().brokerDown()).isZero();
    }

    @Test
    void losesNotificationsOnlyWhenAskedAndThenEndsWithAReconcilePassUnlessTold() {
        assertThat(parse().faults().delivery().loseProbability()).isZero();
        assertThat(parse().reconcile()).isFalse();

        ChaosRun.Settings losing = parse("--lose=0.1");
        assertThat(losing.faults().delivery().loseProbability()).isEqualTo(0.1);
        assertThat(losing.reconcile()).isTrue();
        assertThat(parse("--lose", "0.1", "--no-reconcile").reconcile()).isFalse();
    }

    @Test
    void helpPrintsTheOptionsAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(UTF_8)).startsWith("Usage: seqgate chaos").contains("--kills=N", "--duration=D");
    }

    @Test
    void unknownOptionIsRefusedSuggestingTheNearestWithExitTwo() {
        assertThat(run("--kill", "5")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith("Unknown options: '--kill'")
                .contains("Possible solutions: --kills", "Run `seqgate chaos --help` for the options.");
    }

    @Test
    void optionWithoutValueIsRefusedNamingIt() {
        assertThat(run("--duration")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).startsWith("Missing required parameter for option '--duration'");
    }

    @Test
    void noInstancesIsRefusedNamingTheOption() {
        assertThat(run("--instances", "0")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).startsWith("Invalid value for option '--instances'");
    }
}
