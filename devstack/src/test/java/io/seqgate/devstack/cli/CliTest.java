package io.seqgate.devstack.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.cli.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ./seqgate}: every command behind one command line, each with generated help. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, Map.of(), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void helpListsEveryCommandWithBenchBeforeHelp() {
        assertThat(run("--help")).isZero();

        String commands = out.toString(UTF_8).split("Commands:", -1)[1];
        assertThat(commands.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(" ", -1)[0]))
                .containsSubsequence("run", "replay", "state", "dev", "demo", "chaos", "probe", "bench", "help");
    }

    @Test
    void withoutACommandPrintsTheCommandsOnStandardErrorAndExitsTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("Commands:", "  dev ", "  bench ");
    }

    @Test
    void helpCommandShowsACommandsOptions() {
        assertThat(run("help", "dev")).isZero();
        assertThat(out.toString(UTF_8)).contains("Usage: seqgate dev", "--kafka-port");
    }

    @Test
    void unknownCommandIsRefusedNamingItWithExitTwo() {
        assertThat(run("devv")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("'devv'");
    }

    @Test
    void everyTextOfACommandsUsageBundleIsForOneOfItsOptionsOrParameters() {
        for (CommandLine command : Cli.commandLine(new Console(Map.of(), print(out), print(err)))
                .getSubcommands()
                .values()) {
            CommandSpec spec = command.getCommandSpec();
            Set<String> keys = new HashSet<>();
            spec.options().forEach(o -> keys.add(o.longestName().replaceFirst("^-+", "")));
            spec.positionalParameters().forEach(p -> keys.add(p.descriptionKey()));
            assertThat(spec.resourceBundle()).as(spec.name()).isNotNull();
            assertThat(Collections.list(spec.resourceBundle().getKeys()))
                    .as(spec.resourceBundleBaseName())
                    .allSatisfy(key -> assertThat(key.startsWith("usage.") || keys.contains(key))
                            .as(key)
                            .isTrue());
        }
    }

    @Test
    void everyOptionOfEveryCommandIsInItsHelpWithItsDefault() {
        CommandLine seqgate = Cli.commandLine(new Console(Map.of(), print(out), print(err)));
        assertThat(seqgate.getSubcommands().keySet())
                .containsExactly("run", "replay", "state", "reconcile", "dev", "demo", "chaos", "probe");
        for (CommandLine command : seqgate.getSubcommands().values()) {
            String name = command.getCommandName();
            out.reset();
            assertThat(run(name, "--help")).as(name).isZero();
            String help = out.toString(UTF_8);
            assertThat(help).as(name).startsWith("Usage: seqgate " + name);
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
                if (option.defaultValue() != null) {
                    // The help wraps its lines: compare with its words on one line.
                    assertThat(help.replaceAll("\\s+", " "))
                            .as(name + " " + option.longestName())
                            .contains("default: " + option.defaultValue());
                }
            }
        }
    }
}
