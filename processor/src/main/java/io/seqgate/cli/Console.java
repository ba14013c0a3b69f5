package io.seqgate.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command reads its settings from and prints to: the environment, standard out and standard error.
 * Every command takes one, so that a test runs it on {@code Map.of(...)} and two byte streams; only the
 * {@code main} methods hand it the process's own.
 *
 * @param env the environment; the {@code SEQGATE_*} settings are read from it
 * @param out where a command's results go
 * @param err where its errors and refusals go
 */
public record Console(Map<String, String> env, PrintStream out, PrintStream err) {

    public Console {
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }
}
