package io.seqgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/** The processor's command line: {@code seqgate run | replay | state}, as the processor image runs it. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void withoutACommandPrintsTheCommandsOnStandardErrorAndExitsTwo() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("Usage: seqgate", "run", "replay", "state", "help");
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void helpListsTheCommandsOnStandardOutAndExitsZero() {
        for (String help : new String[] {"help", "--help", "-h"}) {
            out.reset();
            assertThat(run(Map.of(), help)).as(help).isZero();
            assertThat(out.toString(UTF_8)).as(help).contains("Usage: seqgate", "  run ", "  replay ", "  state ");
        }
    }

    @Test
    void unknownCommandIsRefusedNamingItWithExitTwo() {
        assertThat(run(Map.of(), "serve")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'serve'", "Run `seqgate --help` for the commands.");
    }

    @Test
    void runRefusesAConfigurationWithoutOutputNamingTheSettingWithExitTwo() {
        assertThat(run(Map.of(), "run")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("SEQGATE_OUTPUT_BUCKET is required to run the processor");
    }

    @Test
    void runRefusesBadSettingsNamingEachWithExitTwo() {
        assertThat(run(Map.of("SEQGATE_OUTPUT_BUCKET", "out", "SEQGATE_STATE_RETENTION", "forever"), "run"))
                .isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("SEQGATE_STATE_RETENTION: expected a duration");
    }

    @Test
    void replayWithoutAFileIsRefusedNamingTheParameter() {
        assertThat(run(Map.of(), "replay")).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith("Missing required parameter: 'FILE'")
                .contains("Run `seqgate replay --help` for the options.");
    }

    @Test
    void replayOfAnUnreadableFileIsRefusedWithExitTwo() {
        assertThat(run(Map.of(), "replay", dir.resolve("missing.jsonl").toString()))
                .isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("cannot read " + dir.resolve("missing.jsonl"));
    }

    @Test
    void stateTakesTheUrlInEitherSyntax() {
        assertThat(parseState(Map.of(), "--url", "http://a:1", "in/k").instance())
                .isEqualTo("http://a:1");
        assertThat(parseState(Map.of(), "--url=http://b:2", "in/k").instance()).isEqualTo("http://b:2");
    }

    @Test
    void stateAsksTheQueryUrlOfTheEnvironmentElseLocalhost() {
        assertThat(parseState(Map.of("SEQGATE_QUERY_URL", "http://q:9"), "in/k").instance())
                .isEqualTo("http://q:9");
        assertThat(parseState(Map.of(), "in/k").instance()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void stateRefusesAnObjectWithoutBucketOrKeyWithExitTwo() {
        assertThat(run(Map.of(), "state", "no-slash")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("B/KEY: expected a bucket, a slash and a key, got 'no-slash'");
    }

    @Test
    void stateRefusesAnObjectWithoutAKeyWithExitTwo() {
        assertThat(run(Map.of(), "state", "in/")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("B/KEY: expected a bucket, a slash and a key, got 'in/'");
    }

    @Test
    void stateAndReconcileHelpNameTheQueryUrlTheyFallBackTo() {
        for (String command : new String[] {"state", "reconcile"}) {
            out.reset();
            assertThat(run(Map.of(), command, "--help")).as(command).isZero();
            assertThat(out.toString(UTF_8).replaceAll("\\s+", " "))
                    .as(command)
                    .contains("$SEQGATE_QUERY_URL, else " + Settings.DEFAULT_QUERY_URL + ")");
        }
    }

    @Test
    void stateRefusesAnUnknownOptionNamingIt() {
        assertThat(run(Map.of(), "state", "--uri", "http://a:1", "in/k")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--uri");
    }

    @Test
    void reconcileRefusesAnInventoryNotNamedByAnS3UrlBeforeItConnectsWithExitTwo() {
        assertThat(run(
                        Map.of("SEQGATE_INPUT_LOCATIONS", "in", "SEQGATE_OUTPUT_BUCKET", "out"),
                        "reconcile",
                        "--inventory",
                        "manifest.json"))
                .isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .isEqualTo("reconcile: an inventory manifest is named s3://bucket/key, got manifest.json\n");
    }

    @Test
    void everyOptionOfEveryCommandIsInItsHelpWithItsDefault() {
        CommandLine seqgate = Main.commandLine(new Console(Map.of(), print(out), print(err)));
        Main.configure(seqgate, print(out), print(err));
        for (CommandLine command : seqgate.getSubcommands().values()) {
            String name = command.getCommandName();
            out.reset();
            assertThat(run(Map.of(), name, "--help")).as(name).isZero();
            String help = out.toString(UTF_8);
            for (OptionSpec option : command.getCommandSpec().options()) {
                // a negatable option is listed as --[no-]name
                assertThat(help)
                        .as(name)
                        .contains(
                                option.negatable()
                                        ? "--[no-]" + option.longestName().substring(2)
                                        : option.longestName());
                if (!option.usageHelp()) {
                    assertThat(String.join(" ", option.description()))
                            .as(name + " " + option.longestName() + " states its default")
                            .contains("default");
                }
            }
        }
    }

    @Test
    void optionDurationsAreTheSettingsDurations() {
        assertThat(OptionTypes.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(OptionTypes.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(OptionTypes.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(OptionTypes.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(OptionTypes.duration("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void optionDurationsAreNeverNegativeAndSayWhatTheyExpect() {
        assertThatThrownBy(() -> OptionTypes.duration("-5s"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("must not be negative, got '-5s'");
        assertThatThrownBy(() -> OptionTypes.duration("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("expected a duration like 500ms, 30s, 5m, 1h, 7d or PT30S, got 'soon'");
    }

    private StateCommand parseState(Map<String, String> env, String... args) {
        StateCommand state = new StateCommand(new Console(env, print(out), print(err)));
        Main.configure(new CommandLine(state), print(out), print(err)).parseArgs(args);
        return state;
    }
}
