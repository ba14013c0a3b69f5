package io.seqgate.devstack.demo;

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
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code seqgate demo}'s options: the parsing only, nothing is started. */
class DemoOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private DemoOptions parse(String... args) {
        Demo demo = new Demo(new Console(Map.of(), print(out), print(err)));
        Main.configure(new CommandLine(demo), print(out), print(err)).parseArgs(args);
        return demo.options();
    }

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all, Map.of(), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void defaultsAreTheBlogsExperiment() {
        assertThat(parse())
                .isEqualTo(new DemoOptions(
                        100,
                        0.5,
                        Duration.ofSeconds(2),
                        0.3,
                        Duration.ofMillis(1500),
                        Duration.ofMinutes(5),
                        Path.of("demo-output"),
                        OptionalLong.empty(),
                        false,
                        "invert"));
    }

    @Test
    void takesOptionsWithASpaceOrAnEqualsSign() {
        DemoOptions o = parse("--keys", "12", "--slow-pause=300ms", "--seed", "42", "--timeout=2m", "--max-delay", "0");

        assertThat(o.keys()).isEqualTo(12);
        assertThat(o.slowPause()).isEqualTo(Duration.ofMillis(300));
        assertThat(o.seed()).hasValue(42);
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxDelay()).isZero();
    }

    @Test
    void runsTheSinkOnWorkersUnlessToldSync() {
        assertThat(parse().syncSink()).isFalse();
        assertThat(parse("--sink", "sync").syncSink()).isTrue();
        assertThat(parse("--sink=async").syncSink()).isFalse();
    }

    @Test
    void refusesAnUnknownSinkModeNamingTheOption() {
        assertThat(run("--sink", "fast")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith(
                        "Invalid value for option '--sink': expected one of [ASYNC, SYNC] (case-insensitive) but was"
                                + " 'fast'");
    }

    @Test
    void refusesAProbabilityAboveOneNamingTheOptionWithExitTwo() {
        assertThat(run("--slow-probability", "1.5")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'--slow-probability'");
    }

    @Test
    void refusesTooManyKeysNamingTheOptionWithExitTwo() {
        assertThat(run("--keys", "10001")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).startsWith("--keys must be between 1 and 10000, got 10001");
    }

    @Test
    void helpStatesTheMostKeysTheDemoTakes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(UTF_8).replaceAll("\\s+", " ")).contains("at most " + DemoOptions.MAX_KEYS + " ");
    }

    @Test
    void refusesAZeroTimeoutNamingTheOption() {
        assertThat(run("--timeout", "0")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).startsWith("--timeout must be positive");
    }

    @Test
    void runsInvertUnlessAnotherTransformIsNamed() {
        assertThat(parse().transform()).isEqualTo("invert");
        assertThat(parse("--transform", "thumbnail").transform()).isEqualTo("thumbnail");
        assertThat(parse("--transform=Copy").transform()).isEqualTo("copy");
    }

    @Test
    void refusesATransformNameThatIsNoNameNamingTheOption() {
        assertThat(run("--transform", "my thumbnails")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith("--transform must be a transform's name such as thumbnail, got 'my thumbnails'");
    }

    @Test
    void refusesATransformThatDoesNotExistNamingTheOptionAndTheTransformsThereAre() {
        assertThat(run("--transform", "sepia")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .contains("--transform sepia: ")
                .contains("no transform is named 'sepia'")
                .contains("thumbnail (built in)");
    }
}
