package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.ReconcileException;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.reconcile.ReconcilePass.Progress;
import io.seqgate.runtime.Reconcilers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code seqgate reconcile}: one reconcile pass (docs/reconcile.md). Lists the input locations and the
 * output, and writes a reconcile record to the input topic for every object whose output is missing, was
 * not written from the input's current version or by the current transform, or has lost its input; the
 * running processors settle them. Writes nothing to S3 itself. With {@code --inventory}, the input
 * locations in the bucket an S3 Inventory report lists are read from the report instead of listed.
 *
 * <p>Exit codes: 0 the pass ended, 1 it failed part-way (a listing or Kafka failed for good; what it
 * wrote stays written, and running it again does nothing twice), 2 a setting or a location is wrong and
 * nothing was written.
 */
final class ReconcileCommand {

    /**
     * @param listers   units listed at once
     * @param checkers  output HEADs made at once
     * @param rate      objects listed per second, 0 for no limit
     * @param progress  print a progress line every second (on a terminal by default)
     * @param inventory an inventory report's {@code s3://…/manifest.json} to read instead of listing its
     *                  bucket, or null
     * @param sortDir   where the report's objects are sorted on local disk
     */
    record Options(int listers, int checkers, double rate, boolean progress, String inventory, Path sortDir) {}

    private ReconcileCommand() {}

    static int run(Options options, Map<String, String> env, PrintStream out, PrintStream err) {
        SeqgateConfig config = SeqgateConfig.fromEnv(env);
        ReconcilePass.Options passOptions;
        try {
            passOptions = new ReconcilePass.Options(
                    options.listers(),
                    options.checkers(),
                    options.rate(),
                    options.inventory() == null
                            ? null
                            : new ReconcilePass.Inventory(options.inventory(), options.sortDir()));
        } catch (IllegalArgumentException e) {
            err.println("reconcile: " + e.getMessage());
            return 2;
        }
        try (Reconcilers.Opened opened = Reconcilers.open(config, SeqgateMetrics.none(), "seqgate-reconcile")) {
            List<String> problems = opened.reconciler().problems(passOptions);
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("reconcile: " + p));
                err.println("reconcile: nothing was written");
                return 2;
            }
            out.println("reconcile: " + config.locations().inputs() + " -> "
                    + config.locations().output() + ", records to "
                    + config.topics().input()
                    + (options.inventory() == null
                            ? ""
                            : ", inputs of its bucket from the inventory " + options.inventory()));
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
