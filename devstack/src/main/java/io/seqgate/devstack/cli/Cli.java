package io.seqgate.devstack.cli;

import io.seqgate.cli.Console;
import io.seqgate.cli.Main;
import io.seqgate.devstack.chaos.Chaos;
import io.seqgate.devstack.demo.Demo;
import io.seqgate.devstack.probe.ProbeCommand;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Entry point of {@code ./seqgate}: the processor's commands ({@code run}, {@code replay},
 * {@code state}) plus the ones that need the embedded stack. A command of the devstack is one
 * {@code addSubcommand} line in {@link #commandLine} (see {@link Main} for how a command is written).
 */
public final class Cli {

    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command with the settings of {@code env}; returns the process exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return Main.execute(commandLine(new Console(env, out, err)), args, out, err);
    }

    /** The {@code seqgate} command with the processor's subcommands and the devstack's. */
    static CommandLine commandLine(Console console) {
        CommandLine seqgate = Main.commandLine(console)
                .addSubcommand(new Dev(console))
                .addSubcommand(new Demo(console))
                .addSubcommand(new Chaos(console))
                .addSubcommand(new ProbeCommand(console));
        listBench(seqgate);
        return seqgate;
    }

    /**
     * Lists {@code bench} among the commands, before {@code help}. It is not one here: it lives in the
     * bench module (with JMH), which depends on this one, and the {@code ./seqgate} script runs it from there.
     */
    private static void listBench(CommandLine seqgate) {
        CommandSpec bench = CommandSpec.create().name("bench");
        bench.usageMessage().description("run the benchmarks on embedded stacks and write BENCHMARKS.md");
        seqgate.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            Map<String, Help> commands = new LinkedHashMap<>();
            help.subcommands().forEach((name, command) -> {
                if (name.equals("help")) {
                    commands.put("bench", new Help(bench, help.colorScheme()));
                }
                commands.put(name, command);
            });
            return help.commandList(commands);
        });
    }
}
