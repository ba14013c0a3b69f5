package io.seqgate.devstack.demo;

import io.seqgate.cli.Console;
import io.seqgate.cli.HelpOption;
import io.seqgate.cli.OptionTypes;
import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.SinkExecution;
import io.seqgate.config.TransformChoice;
import io.seqgate.devstack.cli.SeedOption;
import io.seqgate.runtime.Directories;
import io.seqgate.runtime.Transforms;
import io.seqgate.transform.Transform;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code seqgate demo}: the experiment of the AWS blog "Manage event ordering and duplicate events with
 * Amazon S3 Event Notifications", end to end in one JVM, twice: with COORDINATION=off and then on, each
 * on fresh state. For every key a cat picture and then a dog picture is uploaded over the same key;
 * the outputs (inverted pictures, or what {@code --transform} makes) are then judged by their pixels,
 * against what the transform makes of the cat and of the dog, tabled, and drawn on a contact sheet per
 * run.
 *
 * <p>Why the uncoordinated run goes wrong: its sink hands every event to a pool of workers at once, as
 * the blog's concurrent Lambdas take them, so a key's cat and dog are transformed at the same time and a
 * slow cat that finishes last overwrites the dog's output. Delivery adds to it — the dev stack's notifier
 * delivers as S3 and MinIO do, at least once and out of order — so a cat notification that arrives after
 * the dog's is transformed last too, and every duplicate is transformed again.
 */
@Command(name = "demo", resourceBundle = "io.seqgate.devstack.cli.usage.demo")
public final class Demo implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    private final Console console;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "100")
    int keys;

    @Option(
            names = "--slow-probability",
            paramLabel = "P",
            defaultValue = "0.5",
            converter = OptionTypes.Probability.class)
    double slowProbability;

    @Mixin
    SlowPauseOption slowPause;

    @Option(names = "--duplicates", paramLabel = "P", defaultValue = "0.3", converter = OptionTypes.Probability.class)
    double duplicates;

    @Option(names = "--max-delay", paramLabel = "DURATION", defaultValue = "1500ms")
    Duration maxDelay;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m")
    Duration timeout;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output")
    Path outDir;

    @Mixin
    SeedOption seed;

    @Option(names = "--sink", paramLabel = "MODE", defaultValue = "async")
    SinkExecution.Mode sink;

    @Option(names = "--transform", paramLabel = "NAME", defaultValue = TransformChoice.DEFAULT)
    String transform;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** @param console whose environment's {@code SEQGATE_TRANSFORM_*} variables the processor gets */
    public Demo(Console console) {
        this.console = console;
    }

    /** The options given, checked together; a bad one is reported naming it. */
    DemoOptions options() {
        try {
            return new DemoOptions(
                    keys,
                    slowProbability,
                    slowPause.pause(),
                    duplicates,
                    maxDelay,
                    timeout,
                    outDir,
                    seed.given(),
                    sink == SinkExecution.Mode.SYNC,
                    transform.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Runs the demo; logs go through SLF4J.
     *
     * @return the process exit code: 0 when every output of the coordinated run shows the newest upload,
     *         1 when not or when the demo could not finish
     */
    @Override
    public Integer call() {
        PrintStream out = console.out();
        DemoOptions options = options();
        try {
            Files.createDirectories(options.outDir());
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(), "--out: cannot create directory " + options.outDir() + ": " + e);
        }
        Map<String, String> transformSettings = transformSettings(options.transform(), console.env());
        DemoImages images;
        try {
            images = pictures(transformSettings);
        } catch (InvalidConfigException | IllegalStateException e) {
            // Not found, wrong settings, or no picture made of the demo's pictures.
            throw new ParameterException(
                    spec.commandLine(), "--transform " + options.transform() + ": " + e.getMessage());
        }
        long chosenSeed =
                options.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong(1, 1_000_000));
        long started = System.nanoTime();
        Path work = null;
        try {
            work = Files.createTempDirectory("seqgate-demo-");
            return runBoth(options, chosenSeed, work, images, transformSettings, out);
        } catch (DemoRun.NotSettled e) {
            out.println();
            out.println("TIMED OUT: " + e.getMessage());
            out.println("The processor did not keep up (or stopped); see the log above. Raise --timeout, or lower "
                    + "--keys or --slow-pause.");
            return 1;
        } catch (IOException | RuntimeException e) {
            log.error("Demo failed", e);
            out.println();
            out.println("FAILED: the demo could not finish: " + e.getMessage());
            return 1;
        } finally {
            deleteQuietly(work);
            out.printf(
                    Locale.ROOT,
                    "%nseqgate demo took %s in all%n",
                    DemoRun.seconds(Duration.ofNanos(System.nanoTime() - started)));
            out.flush();
        }
    }

    /**
     * The processor's transform settings: {@code SEQGATE_TRANSFORM} as {@code --transform} names it, and
     * the {@code SEQGATE_TRANSFORM_*} variables of the environment (a plugin directory, settings).
     */
    static Map<String, String> transformSettings(String name, Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith(TransformChoice.SETTINGS_PREFIX)) {
                settings.put(variable, value);
            }
        });
        settings.put(TransformChoice.NAME_VARIABLE, name);
        return settings;
    }

    /** The pictures, and what the processor's transform makes of them. */
    private static DemoImages pictures(Map<String, String> transform) {
        try (Transforms.Selected selected = Transforms.select(SeqgateConfig.fromEnv(transform))) {
            try (Transform made = selected.create()) {
                return DemoImages.generate(made, selected.name());
            }
        }
    }

    private static int runBoth(
            DemoOptions options,
            long seed,
            Path work,
            DemoImages images,
            Map<String, String> transform,
            PrintStream out)
            throws IOException {
        introduce(options, seed, out);

        out.println();
        out.println("Run 1 of 2: COORDINATION=off. No gate: every notification goes to the sink, which reads the");
        out.println("version the event names, transforms it and writes the output unconditionally.");
        DemoRun.Result off =
                new DemoRun(false, options, seed, images, work.resolve("state-off"), transform, out).execute();
        DemoReport.printRun(off, out);
        Path offSheet = ContactSheet.write(off, images, options.outDir().resolve("coordination-off.png"));
        out.println("    contact sheet: " + offSheet.toAbsolutePath());

        out.println();
        out.println("Run 2 of 2: COORDINATION=on. The gate keeps the highest sequencer per object in RocksDB and");
        out.println(
                "drops duplicate and stale events; the sink reads pinned to the event and writes by compare-and-swap.");
        DemoRun.Result on =
                new DemoRun(true, options, seed, images, work.resolve("state-on"), transform, out).execute();
        DemoReport.printRun(on, out);
        Path onSheet = ContactSheet.write(on, images, options.outDir().resolve("coordination-on.png"));
        out.println("    contact sheet: " + onSheet.toAbsolutePath());

        out.println();
        out.println("Side by side:");
        DemoReport.printComparison(off, on, out);
        out.println();
        return verdict(off, on, options, out);
    }

    private static void introduce(DemoOptions options, long seed, PrintStream out) {
        out.printf(
                Locale.ROOT,
                """
                seqgate demo: the AWS blog "Manage event ordering and duplicate events with Amazon S3 Event
                Notifications", reproduced in this JVM (real Kafka broker, real S3 API server).

                For each of %d keys (img1.jpg ... img%d.jpg), %d upload threads put a cat picture and then a dog
                picture over the same key of a versioned bucket. The processor runs the %s transform on every
                picture into the output bucket. The dog is the newest upload, so every output should end up as
                what the transform makes of the dog.

                Notifications are delivered as S3 and MinIO deliver them, at least once and out of order: each is
                sent twice with probability %s and held back a random 0 to %d ms, so a key's cat notification
                often reaches Kafka after its dog notification. Processing is slow at random, as in the blog: a
                transform first pauses %s with probability %s.

                The sink runs on a pool of workers. Without coordination every event goes to a worker at once, as
                the blog's Lambda functions each take one: a key's cat and dog are transformed at the same time, and
                a slow cat that finishes after the dog overwrites the dog's output; a cat notification delivered
                after the dog's does the same. Duplicates are transformed again. With coordination the gate drops
                the late cat (STALE) and second copies (DUPLICATE), a key's jobs run one at a time in sequencer
                order, a queued cat is coalesced into the dog behind it, and the output is written by compare-and-swap.

                Seed %d (--seed %d repeats the random choices; thread timing still varies).
                """,
                options.keys(),
                options.keys(),
                DemoRun.UPLOAD_THREADS,
                options.transform(),
                options.duplicates(),
                options.maxDelay().toMillis(),
                DemoRun.seconds(options.slowPause()),
                options.slowProbability(),
                seed,
                seed);
    }

    private static int verdict(DemoRun.Result off, DemoRun.Result on, DemoOptions options, PrintStream out) {
        long stale = off.count(DemoImages.Look.STALE);
        if (on.count(DemoImages.Look.NEWEST) == on.keys()) {
            out.printf(
                    Locale.ROOT,
                    "OK: with coordination all %d outputs show the newest upload (the dog); "
                            + "without it %d showed a stale cat and %d transforms ran instead of %d.%n",
                    on.keys(),
                    stale,
                    off.transforms(),
                    on.transforms());
            if (stale == 0) {
                out.println("(This time no key's notifications were reordered enough to leave a stale output "
                        + "without coordination; raise --max-delay or --keys to see the race.)");
            }
            return 0;
        }
        out.printf(
                Locale.ROOT,
                "FAIL: with coordination %d of %d outputs do not show the newest upload "
                        + "(%d stale, %d missing, %d unrecognised); see %s.%n",
                on.keys() - on.count(DemoImages.Look.NEWEST),
                on.keys(),
                on.count(DemoImages.Look.STALE),
                on.count(DemoImages.Look.MISSING),
                on.count(DemoImages.Look.UNRECOGNISED),
                options.outDir().resolve("coordination-on.png").toAbsolutePath());
        return 1;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            log.warn(
                    "Could not delete the demo's state directory {}: {}",
                    dir,
                    e.getCause().toString());
        }
    }
}
