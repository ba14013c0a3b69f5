package io.seqgate.cli;

import io.seqgate.config.ReconcileSettings;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.Settings;
import io.seqgate.event.Location;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.Checkpoint;
import io.seqgate.reconcile.HttpOutputIndex;
import io.seqgate.reconcile.OutputIndex;
import io.seqgate.reconcile.ReconcileException;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.reconcile.ReconcilePass.Progress;
import io.seqgate.runtime.Reconcilers;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * running processors settle them. Writes nothing to S3 itself. With {@code --inventory}, the input
 * locations in the bucket an S3 Inventory report lists are read from the report instead of listed.
 */
@Command(name = "reconcile", resourceBundle = "io.seqgate.cli.usage.reconcile")
final class ReconcileCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--listers", paramLabel = "N", converter = OptionTypes.AtLeastOne.class)
    int listers = ReconcileSettings.DEFAULT_LISTERS;

    @Option(names = "--checkers", paramLabel = "N", converter = OptionTypes.AtLeastOne.class)
    int checkers = ReconcileSettings.CHECKERS;

    @Option(names = "--rate", paramLabel = "N", converter = OptionTypes.NotNegative.class)
    int rate = 0;

    @Option(names = "--inventory", paramLabel = "S3_URL")
    String inventory;

    @Option(names = "--sort-dir", paramLabel = "DIR")
    Path sortDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--progress", negatable = true)
    Boolean progress;

    @Option(names = "--index", paramLabel = "URL")
    String index;

    @Mixin
    HelpOption help;

    ReconcileCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        return run(
                new Options(
                        listers,
                        checkers,
                        rate,
                        progress == null ? System.console() != null : progress,
                        inventory,
                        sortDir,
                        index),
                console);
    }

    /**
     * @param listers   units listed at once
     * @param checkers  output HEADs made at once
     * @param rate      objects listed per second, 0 for no limit
     * @param progress  print a progress line every second
     * @param inventory an inventory report's {@code s3://…/manifest.json} to read instead of listing its
     *                  bucket, or null
     * @param sortDir   where the report's objects are sorted on local disk
     * @param index     the instance whose state queries serve as the output index, {@code off}, or null for
     *                  {@code SEQGATE_QUERY_URL}
     */
    record Options(
            int listers, int checkers, double rate, boolean progress, String inventory, Path sortDir, String index) {}

    static int run(Options options, Console console) {
        PrintStream out = console.out();
        PrintStream err = console.err();
        Map<String, String> settings = DevSettings.orDevStack(console.env(), err);
        SeqgateConfig config = SeqgateConfig.fromEnv(settings);
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
                            : "; the inputs of its bucket from the inventory " + options.inventory()));
            ReconcilePass pass =
                    opened.reconciler().pass(passOptions, Checkpoint.NONE, index(options, settings, config, err));
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

    /**
     * The gate's state of the running application as the output index, when an instance answers (asked
     * once, for one entry); otherwise none, said on {@code err}: every output is then compared by a HEAD.
     */
    private static OutputIndex index(
            Options options, Map<String, String> settings, SeqgateConfig config, PrintStream err)
            throws InterruptedException {
        String url = options.index() != null ? options.index() : Settings.QUERY_URL.valueIn(settings);
        if (url.equalsIgnoreCase("off")) {
            return OutputIndex.NONE;
        }
        OutputIndex index = new HttpOutputIndex(url, Settings.HTTP_TOKEN.valueIn(settings));
        try {
            Location first = config.locations().inputs().get(0);
            index.page(first.bucket(), first.prefix(), null, 1);
            return index;
        } catch (OutputIndex.IndexUnavailableException e) {
            err.println("reconcile: no output index (" + e.getMessage() + "): every output is compared by a HEAD;"
                    + " --index names an instance of the running application");
            return OutputIndex.NONE;
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
                "reconcile: listed %,d objects, compared %,d: %,d in sync (%,d by the gate's output index), %,d out of"
                        + " sync%s; %,d reconcile records written; S3 requests %s; %s (%,.0f objects/s)",
                p.listed(),
                p.compared(),
                p.inSync(),
                p.inSyncByIndex(),
                p.outOfSyncTotal(),
                causes.isEmpty() ? "" : " (" + causes + ")",
                p.emitted(),
                p.requests().isEmpty() ? "none" : p.requests(),
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
