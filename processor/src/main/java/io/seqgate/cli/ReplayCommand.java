package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seqgate replay FILE}: {@link Replay} over a file, with the settings of the environment. */
@Command(
        name = "replay",
        description = {
            "print seqgate's decision for every object event in FILE (one notification JSON per line)",
            "",
            "Runs the production topology in this process, sink disabled, with the SEQGATE_* settings of the"
                    + " environment. Exit codes: 0 replayed, 1 the replay failed, 2 bad arguments or settings."
        })
final class ReplayCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(
            paramLabel = "FILE",
            description = "notification messages, one per line (`seqgate dev --capture FILE` writes one)")
    Path file;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    ReplayCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "FILE: cannot read " + file);
        }
        try {
            new Replay(SeqgateConfig.fromEnv(env)).run(file, out);
            return 0;
        } catch (IOException e) {
            err.println("replay failed: " + e.getMessage());
            return 1;
        }
    }
}
