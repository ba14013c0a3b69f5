package io.seqgate.cli;

import io.seqgate.config.InvalidConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code seqgate} command: the top of the command line, with the processor's subcommands
 * ({@code run}, {@code replay}, {@code state}, {@code reconcile}); the devstack's {@code Cli} adds its own, and the bench
 * runs its command the same way. Every command is a picocli command, and the command classes are the
 * only ones that print to standard out/err.
 *
 * <p>What every command shares, set up in {@link #execute}: {@code --name value} and {@code --name=value}
 * alike, a later option winning over an earlier one, durations parsed as the settings parse them, a bad
 * option or value reported with the option's name and exit code 2, as is a configuration the settings
 * refuse, and {@code seqgate help COMMAND}.
 *
 * <p>To add a command: a class annotated {@code @Command(name = "...", resourceBundle = "...")}
 * implementing {@code Callable<Integer>} (the exit code), taking a {@link Console} and with a
 * {@code @Mixin HelpOption help;}, added with one {@code addSubcommand} line in {@link #commandLine} (the
 * processor's commands) or in the devstack's {@code Cli.commandLine}. Its usage texts live in that resource
 * bundle (the processor's in {@code io/seqgate/cli/usage/}): {@code usage.description.0} (the line the command
 * list shows), {@code usage.description.1}, … and one key per option, its long name without the dashes. To add
 * an option: one {@code @Option} field and its line in the bundle, ending with its default
 * ({@code (default: ${DEFAULT-VALUE})}); a check across options throws a {@code ParameterException} from
 * {@code call()}. An option that several commands share with one meaning is a mixin, as {@link HelpOption},
 * with its text in its annotation; a command's bundle may word it for that command under the same key.
 */
// No resource bundle here: a subcommand looks up what its own bundle lacks in its parent's, so one here would
// lend this description to every command that has none (picocli's help).
@Command(
        name = "seqgate",
        description = "Keeps S3 outputs in step with the newest input, whatever order and how often S3 notifies.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footer = "%nRun `seqgate COMMAND --help` for the options of a command.")
public final class Main implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a processor command; returns the process exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(commandLine(new Console(env, out, err)), args, out, err);
    }

    /**
     * The {@code seqgate} command with the processor's subcommands, on {@code console}; more are added
     * with {@code addSubcommand} before {@link #execute}.
     */
    public static CommandLine commandLine(Console console) {
        return new CommandLine(new Main())
                .addSubcommand(new RunCommand(console))
                .addSubcommand(new ReplayCommand(console))
                .addSubcommand(new StateCommand(console))
                .addSubcommand(new ReconcileCommand(console));
    }

    /**
     * Parses {@code args} against {@code command}, runs what they name and returns its exit code: 2 for
     * a bad option or value, or for settings {@link InvalidConfigException} refuses.
     */
    public static int execute(CommandLine command, String[] args, PrintStream out, PrintStream err) {
        if (!command.getSubcommands().isEmpty() && !command.getSubcommands().containsKey("help")) {
            // Added last, so that it is listed after the commands.
            command.addSubcommand(new HelpCommand());
        }
        configure(command, out, err);
        try {
            return command.execute(args);
        } finally {
            command.getOut().flush();
            command.getErr().flush();
        }
    }

    /**
     * Sets up {@code command} and every subcommand it has now (picocli applies these settings only to
     * those): {@link #execute} does it, and tests that only parse call it themselves.
     */
    public static CommandLine configure(CommandLine command, PrintStream out, PrintStream err) {
        // In the platform's charset, as System.out and System.err encode on Java 17.
        command.setOut(new PrintWriter(out, true, Charset.defaultCharset()));
        command.setErr(new PrintWriter(err, true, Charset.defaultCharset()));
        command.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        command.setUsageHelpWidth(100);
        // A script's default may come first and the caller's value later (./seqgate bench --out).
        command.setOverwrittenOptionsAllowed(true);
        // An argument starting with @ is a file name or an object key, never a file of more arguments.
        command.setExpandAtFiles(false);
        command.setCaseInsensitiveEnumValuesAllowed(true);
        command.registerConverter(Duration.class, OptionTypes::duration);
        layOut(command.getCommandSpec());
        command.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter printed = failed.getErr();
            printed.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, printed);
            printed.println("Run `" + failed.getCommandSpec().qualifiedName() + " --help` for the "
                    + (failed.getSubcommands().isEmpty() ? "options." : "commands."));
            return 2;
        });
        command.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return command;
    }

    /** Every command's help alike: options in the order they are declared, under headings. */
    private static void layOut(CommandSpec command) {
        command.usageMessage()
                .sortOptions(false)
                .parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n");
        command.subcommands().values().forEach(sub -> layOut(sub.getCommandSpec()));
    }

    /** No command given: the usage, on standard error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
