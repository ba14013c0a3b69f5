package io.seqgate.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.cli.Console;
import io.seqgate.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class BenchOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private BenchOptions parse(String... args) {
        Bench bench = new Bench(new Console(Map.of(), print(out), print(err)));
        Main.configure(new CommandLine(bench), print(out), print(err)).parseArgs(args);
        return bench.options();
    }

    private int run(String... args) {
        return Bench.run(args, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void defaultsRunEverySectionOnceAtFullScaleIntoBenchmarksMd() {
        BenchOptions options = parse();

        assertThat(options.sections()).isEqualTo(BenchOptions.SECTIONS);
        assertThat(options.scale()).isEqualTo(1);
        assertThat(options.out()).isEqualTo(Path.of("BENCHMARKS.md"));
        assertThat(options.slowPause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.jmhForks()).isEqualTo(1);
    }

    @Test
    void takesOptionsWithASpaceOrAnEqualsSign() {
        BenchOptions options = parse("--scale", "0.1", "--slow-pause=100ms", "--jmh-forks=0", "--only", "gate");

        assertThat(options.scale()).isEqualTo(0.1);
        assertThat(options.slowPause()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.jmhForks()).isZero();
        assertThat(options.sections()).containsExactly("gate");
    }

    @Test
    void latencySectionsRunTheExternalAndTheInProcessStackByDefault() {
        assertThat(parse().stacks()).containsExactly(BenchOptions.EXTERNAL, BenchOptions.IN_PROCESS);
    }

    @Test
    void stacksNarrowToTheOnesAsked() {
        BenchOptions options = parse("--stacks", "external");

        assertThat(options.runs(BenchOptions.EXTERNAL)).isTrue();
        assertThat(options.runs(BenchOptions.IN_PROCESS)).isFalse();
    }

    @Test
    void unknownStackIsABadOption() {
        assertThat(run("--stacks", "remote")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("unknown stack 'remote'");
    }

    @Test
    void sectionsRunInReportOrderWhateverOrderTheyAreAskedIn() {
        BenchOptions options = parse("--only", "jmh,gate,slow");

        assertThat(options.sections()).containsExactly("gate", "slow", "jmh");
    }

    @Test
    void unknownSectionIsRefusedNamingTheOptionWithExitTwo() {
        assertThat(run("--only", "gate,speed")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--only'", "speed");
    }

    @Test
    void laterOutWinsSoTheScriptsDefaultCanBeOverridden() {
        BenchOptions options = parse("--out", "/repo/BENCHMARKS.md", "--out=/tmp/b.md");

        assertThat(options.out()).isEqualTo(Path.of("/tmp/b.md"));
    }

    @Test
    void theCommandInTheReportLeavesOutTheScriptsOutInEitherSyntax() {
        assertThat(Bench.command(new String[] {"--out", "/repo/BENCHMARKS.md", "--scale", "0.1", "--out=/tmp/b.md"}))
                .isEqualTo("./seqgate bench --scale 0.1");
    }

    @Test
    void scaleMultipliesSizesAndDurationsButNotBelowTheirMinimum() {
        BenchOptions options = parse("--scale", "0.01");

        assertThat(options.scaled(200, 2)).isEqualTo(2);
        assertThat(options.scaled(1_000_000, 1_000)).isEqualTo(10_000);
        assertThat(options.scaled(Duration.ofSeconds(15), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroScaleIsRefusedNamingTheOption() {
        assertThat(run("--scale", "0")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--scale'", "positive");
    }

    @Test
    void roundsDefaultToFiveAndMayBeCutToOne() {
        assertThat(parse().rounds()).isEqualTo(5);
        assertThat(parse("--rounds", "1").rounds()).isEqualTo(1);
    }

    @Test
    void zeroRoundsAreRefusedNamingTheOptionWithExitTwo() {
        assertThat(run("--rounds", "0")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--rounds'");
    }

    @Test
    void everyTextOfTheUsageBundleIsForOneOfItsOptions() {
        CommandSpec spec = new CommandLine(new Bench(new Console(Map.of(), print(out), print(err)))).getCommandSpec();
        List<String> options = spec.options().stream()
                .map(o -> o.longestName().replaceFirst("^-+", ""))
                .toList();
        assertThat(Collections.list(spec.resourceBundle().getKeys()))
                .allSatisfy(key -> assertThat(key.startsWith("usage.") || options.contains(key))
                        .as(key)
                        .isTrue());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(run("--help")).isZero();
        String help = out.toString(UTF_8);
        assertThat(help).startsWith("Usage: seqgate bench");
        for (OptionSpec option : new CommandLine(new Bench(new Console(Map.of(), print(out), print(err))))
                .getCommandSpec()
                .options()) {
            assertThat(help).contains(option.longestName());
            if (!option.usageHelp()) {
                assertThat(String.join(" ", option.description()))
                        .as(option.longestName())
                        .contains("default");
            }
            if (option.defaultValue() != null) {
                // The help wraps its lines: compare with its words on one line.
                assertThat(help.replaceAll("\\s+", " "))
                        .as(option.longestName())
                        .contains("default: " + option.defaultValue());
            }
        }
        assertThat(help.replaceAll("\\s+", " "))
                .contains(
                        "of: gate, slow, latency, remote, transform, reconcile, state, jmh, photos",
                        "of: sync, async",
                        "async with " + SinkVariant.WIDE_WORKERS + " workers");
    }

    @Test
    void theSlowSectionAddsTheWideAsynchronousSinkAfterTheDefaultOne() {
        assertThat(SinkVariant.widened(parse().sinks()))
                .containsExactly(SinkVariant.SYNC, SinkVariant.ASYNC, SinkVariant.ASYNC_WIDE);
        assertThat(SinkVariant.widened(parse("--sinks", "async").sinks()))
                .containsExactly(SinkVariant.ASYNC, SinkVariant.ASYNC_WIDE);
        assertThat(SinkVariant.widened(parse("--sinks", "sync").sinks())).containsExactly(SinkVariant.SYNC);
    }

    @Test
    void otherSectionsCompareOnlyTheChosenSinks() {
        assertThat(parse().sinks()).containsExactly(SinkVariant.SYNC, SinkVariant.ASYNC);
        assertThat(run("--sinks", "async-128")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--sinks'", "async-128");
    }

    @Test
    void theWideSinkHas128WorkersAndEightPendingEventsEach() {
        assertThat(SinkVariant.ASYNC_WIDE.settings())
                .containsEntry("SEQGATE_SINK_MODE", "async")
                .containsEntry("SEQGATE_SINK_CONCURRENCY", "128")
                .containsEntry("SEQGATE_SINK_MAX_PENDING", "1024");
        assertThat(SinkVariant.ASYNC_WIDE.concurrency(6)).isEqualTo(128);
        assertThat(SinkVariant.ASYNC.settings()).containsEntry("SEQGATE_SINK_CONCURRENCY", "32");
    }
}
