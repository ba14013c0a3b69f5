package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seqgate replay FILE}: {@link Replay} over a file, with the settings of the environment. */
@Command(name = "replay", resourceBundle = "io.seqgate.cli.usage.replay")
final class ReplayCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(paramLabel = "FILE", descriptionKey = "file")
    Path file;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    ReplayCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "FILE: cannot read " + file);
        }
        try {
            new Replay(SeqgateConfig.fromEnv(console.env())).run(file, console.out());
            return 0;
        } catch (IOException e) {
            console.err().println("replay failed: " + e.getMessage());
            return 1;
        }
    }
}
