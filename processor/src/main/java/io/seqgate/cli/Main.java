package io.seqgate.cli;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.runtime.ProcessorRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code seqgate} command line: {@code run} (the production processor, configured from the
 * environment), {@code replay FILE} and {@code state bucket/key}. The only place that prints to standard out/err.
 */
public final class Main {

    /** The commands this class runs, one per line; the devstack CLI adds its own. */
    public static final String USAGE_COMMANDS = """
              run           run the processor, configured from SEQGATE_* environment variables (see README)
              replay FILE   print seqgate's decision for every object event in FILE (one notification JSON per line)
              state B/KEY   ask a running instance what seqgate knows about object KEY in bucket B (--url URL)
            """;

    static final String USAGE = "usage: seqgate <command>\n" + USAGE_COMMANDS;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command; returns the process exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "run" -> runProcessor(SeqgateConfig.fromEnv(env));
                case "replay" -> replay(args, env, out, err);
                case "state" -> StateCommand.run(args, env, out, err);
                case "reconcile" -> reconcile(args, env, out, err);
                case "help", "-h", "--help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int reconcile(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        int listers = 4;
        int checkers = 16;
        double rate = 0;
        boolean progress = System.console() != null;
        String inventory = null;
        Path sortDir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--listers" -> listers = Integer.parseInt(args[++i]);
                case "--checkers" -> checkers = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--progress" -> progress = true;
                case "--no-progress" -> progress = false;
                case "--inventory" -> inventory = args[++i];
                case "--sort-dir" -> sortDir = Path.of(args[++i]);
                default -> {
                    err.println("usage: seqgate reconcile [--listers N] [--checkers N] [--rate N] [--[no-]progress]"
                            + " [--inventory s3://BUCKET/…/manifest.json [--sort-dir DIR]]");
                    return 2;
                }
            }
        }
        return ReconcileCommand.run(
                new ReconcileCommand.Options(listers, checkers, rate, progress, inventory, sortDir), env, out, err);
    }

    private static int replay(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: seqgate replay FILE");
            return 2;
        }
        Path file = Path.of(args[1]);
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 2;
        }
        try {
            new Replay(SeqgateConfig.fromEnv(env)).run(file, out);
            return 0;
        } catch (IOException e) {
            err.println("replay failed: " + e.getMessage());
            return 1;
        }
    }

    private static int runProcessor(SeqgateConfig config) {
        if (config.locations().output() == null) {
            throw new InvalidConfigException(
                    java.util.List.of("SEQGATE_OUTPUT_BUCKET is required to run the processor"));
        }
        ProcessorRunner runner = ProcessorRunner.forConfig(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                runner.close(Duration.ofSeconds(30));
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "seqgate-shutdown"));
        runner.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
