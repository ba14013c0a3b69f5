package io.seqgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings {@code ./seqgate dev} leaves in {@link #FILE} of the directory it runs in, so that the
 * commands that talk to a running application ({@code reconcile}, {@code state}) work against it with no
 * setting at all: when the environment names no {@code SEQGATE_*} variable, they read that file.
 * {@code KEY=VALUE} lines, as an env file.
 */
public final class DevSettings {

    /** Where {@code ./seqgate dev} writes its settings, relative to the directory it was started in. */
    public static final Path FILE = Path.of(".seqgate", "dev.env");

    private DevSettings() {}

    /**
     * {@code env}, or when it names no {@code SEQGATE_*} variable and {@link #FILE} exists, {@code env}
     * with that file's settings; says on {@code err} when it takes the file.
     */
    static Map<String, String> orDevStack(Map<String, String> env, PrintStream err) {
        if (env.keySet().stream().anyMatch(k -> k.startsWith("SEQGATE_")) || !Files.isRegularFile(FILE)) {
            return env;
        }
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(read(FILE));
        err.println("(no SEQGATE_* settings: using those of ./seqgate dev, from " + FILE + ")");
        return merged;
    }

    /** The settings of an env file: {@code KEY=VALUE} lines; blank lines and {@code #} comments skipped. */
    public static Map<String, String> read(Path file) {
        Map<String, String> settings = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || eq <= 0) {
                    continue;
                }
                settings.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return settings;
    }
}
