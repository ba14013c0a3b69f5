package io.seqgate.cli;

import io.seqgate.config.ReconcileSettings;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.ReconcileException;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.reconcile.ReconcilePass.Progress;
import io.seqgate.runtime.Reconcilers;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqgate reconcile}: one reconcile pass (docs/reconcile.md). Lists the input locations and the
 * output, and writes a reconcile record to the input topic for every object whose output is missing, was
 * not written from the input's current version or by the current transform, or has lost its input; the
 * running processors settle them. Writes nothing to S3 itself.
 */
@Command(
        name = "reconcile",
        description = {
            "settle every output to its input's current version: list the input and output locations and write a"
                    + " reconcile record to the input topic for each object out of sync (writes nothing to S3)",
            "",
            "Configured by the SEQGATE_* settings of `seqgate run` (SEQGATE_INPUT_LOCATIONS names what to list)."
                    + " Exit codes: 0 the pass ended, 1 it failed part-way (what it wrote stays written; running it"
                    + " again does nothing twice), 2 a setting or a location is wrong and nothing was written."
        })
final class ReconcileCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Option(
            names = "--listers",
            paramLabel = "N",
            converter = OptionTypes.AtLeastOne.class,
            description = "parts of the key space (folders) listed at once (default: ${DEFAULT-VALUE})")
    int listers = ReconcileSettings.DEFAULT_LISTERS;

    @Option(
            names = "--checkers",
            paramLabel = "N",
            converter = OptionTypes.AtLeastOne.class,
            description = "output HEADs made at once, for objects whose input and output both exist"
                    + " (default: ${DEFAULT-VALUE})")
    int checkers = ReconcileSettings.CHECKERS;

    @Option(
            names = "--rate",
            paramLabel = "N",
            converter = OptionTypes.NotNegative.class,
            description = "objects listed per second at most, 0 for no limit (default: ${DEFAULT-VALUE})")
    int rate = 0;

    @Option(
            names = "--progress",
            negatable = true,
            description = "print a progress line every second (default: on a terminal)")
    Boolean progress;

    @Mixin
    HelpOption help;

    ReconcileCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return run(
                new Options(listers, checkers, rate, progress == null ? System.console() != null : progress),
                env,
                out,
                err);
    }

    /**
     * @param listers  units listed at once
     * @param checkers output HEADs made at once
     * @param rate     objects listed per second, 0 for no limit
     * @param progress print a progress line every second
     */
    record Options(int listers, int checkers, double rate, boolean progress) {}

    static int run(Options options, Map<String, String> env, PrintStream out, PrintStream err) {
        SeqgateConfig config = SeqgateConfig.fromEnv(DevSettings.orDevStack(env, err));
        ReconcilePass.Options passOptions =
                new ReconcilePass.Options(options.listers(), options.checkers(), options.rate());
        try (Reconcilers.Opened opened = Reconcilers.open(config, SeqgateMetrics.none(), "seqgate-reconcile")) {
            List<String> problems = opened.reconciler().problems();
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("reconcile: " + p));
                err.println("reconcile: nothing was written");
                return 2;
            }
            out.println("reconcile: " + config.locations().inputs() + " -> "
                    + config.locations().output() + ", records to "
                    + config.topics().input());
            ReconcilePass pass = opened.reconciler().pass(passOptions);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seqgate-reconcile-progress");
                t.setDaemon(true);
                return t;
            });
            if (options.progress()) {
                var unused = ticker.scheduleAtFixedRate(
                        () -> {
                            out.print("\r" + line(pass.progress()) + "   ");
                            out.flush();
                        },
                        1,
                        1,
                        TimeUnit.SECONDS);
            }
            try {
                Progress done = pass.run();
                ticker.shutdownNow();
                if (options.progress()) {
                    out.println();
                }
                out.println(summary(done));
                return 0;
            } catch (ReconcileException e) {
                ticker.shutdownNow();
                if (options.progress()) {
                    out.println();
                }
                out.println(summary(pass.progress()));
                err.println("reconcile: failed: " + e.getMessage());
                err.println("reconcile: the records written so far stay written; running it again is safe");
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("reconcile: interrupted");
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("reconcile: interrupted");
            return 1;
        } catch (IllegalStateException e) {
            err.println("reconcile: " + e.getMessage());
            return 2;
        }
    }

    /** The progress line: listed, out of sync, rate, elapsed. */
    static String line(Progress p) {
        return String.format(
                Locale.ROOT,
                "listed %,d · compared %,d · out of sync %,d · %,.0f objects/s · %s",
                p.listed(),
                p.compared(),
                p.outOfSyncTotal(),
                p.rate(),
                clock(p.elapsed().toSeconds()));
    }

    static String summary(Progress p) {
        String causes = p.outOfSync().entrySet().stream()
                .map(e -> words(e.getKey()) + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "reconcile: listed %,d objects, compared %,d: %,d in sync, %,d out of sync%s;"
                        + " %,d reconcile records written; %,d output HEADs; %s (%,.0f objects/s)",
                p.listed(),
                p.compared(),
                p.inSync(),
                p.outOfSyncTotal(),
                causes.isEmpty() ? "" : " (" + causes + ")",
                p.emitted(),
                p.heads(),
                clock(p.elapsed().toSeconds()),
                p.rate());
    }

    private static String words(Cause cause) {
        return cause.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
