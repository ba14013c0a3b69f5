package io.seqgate.bench;

import io.seqgate.config.SinkExecution;
import io.seqgate.config.SinkLimits;
import io.seqgate.devstack.demo.SlowTransform;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.transform.builtin.InvertColours;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Section 2: the AWS blog's experiment with slow objects. 200 keys of a versioned bucket, ten upload
 * threads each putting a cat and then a dog over its key; the transform pauses 2 s with probability
 * 0.5, as the blog's Lambda does. Timed from the first upload until every notification has its
 * outcome, per sink, with coordination on.
 *
 * <p>The ideal bound of a sink that works on {@code C} objects at once is the later of two times no
 * schedule beats. Every key's newest output needs its dog transformed, so: (rounds) the dogs whose
 * transform paused need {@code ceil(paused dogs / C)} pauses of the sink's time; (arrivals) no dog
 * can be transformed before its upload began, so the run lasts at least until the last dog's upload
 * began plus its pause, when its transform paused. Each image is drawn with its key's number, so the
 * transform's input says which key's cat or dog it is. The bound leaves out the cats a sink
 * transforms (an ideal schedule coalesces them into the dogs), the fast transforms' own time and the
 * delivery of notifications.
 */
final class SlowObjects implements Section {

    static final double SPEED_UP_TARGET = 10;
    static final double IDEAL_TARGET = 1.5;
    private static final int BASE_KEYS = 200;
    private static final double SLOW_PROBABILITY = 0.5;
    private static final int UPLOAD_THREADS = 10;
    private static final long SEED = 42;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    record Run(
            SinkVariant sink,
            int concurrency,
            Duration wall,
            long transforms,
            long slowed,
            long pausedDogs,
            long keysTransformedTwice,
            Duration roundsBound,
            Duration arrivalsBound,
            Duration pause,
            long newest,
            long done,
            long superseded,
            Duration uploaded,
            Duration lastDecided,
            Duration lastCompleted) {

        /** The later of the two bounds (see the class comment). */
        Duration ideal() {
            return roundsBound.compareTo(arrivalsBound) >= 0 ? roundsBound : arrivalsBound;
        }
    }

    /** Each key's cat and dog, drawn with the key's number so that a transform's input names its key. */
    private record Images(
            List<byte[]> cats, List<byte[]> dogs, List<byte[]> invertedDogs, Map<ByteBuffer, Integer> ids) {

        static Images draw(int keys) throws Exception {
            List<byte[]> cats = new ArrayList<>();
            List<byte[]> dogs = new ArrayList<>();
            List<byte[]> inverted = new ArrayList<>();
            Map<ByteBuffer, Integer> ids = new HashMap<>();
            InvertColours invert = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);
            for (int n = 1; n <= keys; n++) {
                byte[] cat = BenchImages.drawing(256, new Color(250, 204, 72), "CAT " + n);
                byte[] dog = BenchImages.drawing(256, new Color(70, 140, 225), "DOG " + n);
                cats.add(cat);
                dogs.add(dog);
                inverted.add(invert.apply(dog, BenchImages.PNG).bytes());
                ids.put(ByteBuffer.wrap(cat), -n);
                ids.put(ByteBuffer.wrap(dog), n);
            }
            return new Images(cats, dogs, inverted, Map.copyOf(ids));
        }

        /** {@code n} for key n's dog, {@code -n} for its cat, 0 for an input that is neither. */
        int id(byte[] input) {
            return ids.getOrDefault(ByteBuffer.wrap(input), 0);
        }
    }

    /** What the transform was asked to do, per key, from the {@link SlowTransform}'s observer. */
    private static final class Calls implements SlowTransform.Observer {
        private final AtomicIntegerArray catCalls;
        private final AtomicIntegerArray dogCalls;
        private final AtomicIntegerArray dogPaused;
        private final Images images;

        Calls(Images images, int keys) {
            this.images = images;
            this.catCalls = new AtomicIntegerArray(keys + 1);
            this.dogCalls = new AtomicIntegerArray(keys + 1);
            this.dogPaused = new AtomicIntegerArray(keys + 1);
        }

        @Override
        public void called(byte[] input, boolean slow) {
            int id = images.id(input);
            if (id > 0) {
                dogCalls.incrementAndGet(id);
                if (slow) {
                    dogPaused.incrementAndGet(id);
                }
            } else if (id < 0) {
                catCalls.incrementAndGet(-id);
            }
        }

        boolean dogPaused(int n) {
            return dogPaused.get(n) > 0;
        }

        boolean transformedTwice(int n) {
            return catCalls.get(n) + dogCalls.get(n) > 1;
        }
    }

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String title() {
        return "2. Slow objects: the blog experiment";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int keys = context.options().scaled(BASE_KEYS, 2);
        Duration pause = context.options().slowPause();
        Images images = Images.draw(keys);
        // The first row would otherwise pay for compiling the upload, S3 server and sink code (its
        // uploads took twice as long as the later rows'): one unreported round without pauses first.
        context.progress("warm-up round, not reported: the same uploads, no pauses");
        measure(context, SinkVariant.ASYNC, keys, Duration.ZERO, images);
        List<Run> runs = new ArrayList<>();
        for (SinkVariant sink : SinkVariant.widened(context.options().sinks())) {
            runs.add(measure(context, sink, keys, pause, images));
        }
        report(context, keys, pause, runs);
    }

    private Run measure(BenchContext context, SinkVariant sink, int keys, Duration pause, Images images)
            throws Exception {
        context.progress(
                "%s sink: %d keys, cat then dog, slow with p = %.1f for %s",
                sink.name(), keys, SLOW_PROBABILITY, Report.duration(pause));
        try (DevStack stack = DevStack.builder().versionedInput(true).start()) {
            int streamThreads = stack.config().inputPartitions();
            Map<String, String> settings = new HashMap<>(sink.settings());
            settings.put("SEQGATE_COORDINATION", "on");
            // One stream thread per partition: the most the synchronous sink can work on at once.
            settings.put("KAFKA_STREAMS_NUM_STREAM_THREADS", String.valueOf(streamThreads));
            AtomicReference<SlowTransform> slow = new AtomicReference<>();
            Calls calls = new Calls(images, keys);
            try (BenchProcessor processor =
                    BenchProcessor.start(stack, "slow-" + sink.name(), context.newDir("slow-"), settings, transform -> {
                        SlowTransform decorated =
                                new SlowTransform(transform, SLOW_PROBABILITY, pause, new Random(SEED), calls);
                        slow.set(decorated);
                        return decorated;
                    })) {
                OutcomeWatcher outcomes = processor.outcomes();
                S3Client s3 = processor.s3();
                long start = System.nanoTime();
                long startWallMs = System.currentTimeMillis();
                long[] dogUploadBegan = upload(s3, stack.inputBucket(), images, start);
                Duration uploaded = Duration.ofNanos(System.nanoTime() - start);
                long expected = 2L * keys;
                long deadline = start + TIMEOUT.toNanos();
                long lastReport = start;
                while (!outcomes.awaitTotal(expected, Math.min(deadline, System.nanoTime() + 5_000_000_000L))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "only " + outcomes.total() + " of " + expected + " outcomes after " + TIMEOUT);
                    }
                    if (System.nanoTime() - lastReport >= 5_000_000_000L) {
                        lastReport = System.nanoTime();
                        context.progress(
                                "  %d of %d outcomes, %d transforms (%d slow), %.0f s",
                                outcomes.total(),
                                expected,
                                slow.get().calls(),
                                slow.get().slowed(),
                                (lastReport - start) / 1e9);
                    }
                }
                Duration wall = Duration.ofNanos(System.nanoTime() - start);
                long newest = countNewest(s3, stack.outputBucket(), images);
                int concurrency = sink.concurrency(streamThreads);
                long pausedDogs = 0;
                long twice = 0;
                long arrivals = 0;
                for (int n = 1; n <= keys; n++) {
                    boolean paused = calls.dogPaused(n);
                    pausedDogs += paused ? 1 : 0;
                    twice += calls.transformedTwice(n) ? 1 : 0;
                    arrivals = Math.max(arrivals, dogUploadBegan[n] + (paused ? pause.toNanos() : 0));
                }
                Run run = new Run(
                        sink,
                        concurrency,
                        wall,
                        slow.get().calls(),
                        slow.get().slowed(),
                        pausedDogs,
                        twice,
                        pause.multipliedBy((pausedDogs + concurrency - 1) / concurrency),
                        Duration.ofNanos(arrivals),
                        pause,
                        newest,
                        outcomes.count(Decision.DONE),
                        outcomes.count(Decision.SUPERSEDED),
                        uploaded,
                        sinceStart(keys, outcomes, startWallMs, OutcomeWatcher.Timing::decidedAtMs),
                        sinceStart(keys, outcomes, startWallMs, OutcomeWatcher.Timing::completedAtMs));
                context.progress(
                        "  %s sink: %.1f s for %d transforms (%d slow, %d keys twice); ideal for %d at once %.1f s; %d of %d outputs newest",
                        sink.name(),
                        wall.toMillis() / 1000.0,
                        run.transforms(),
                        run.slowed(),
                        twice,
                        concurrency,
                        run.ideal().toMillis() / 1000.0,
                        newest,
                        keys);
                return run;
            }
        }
    }

    /**
     * As the blog's upload script: a pool of ten threads, each task putting the cat, then the dog, over
     * one key. Returns when each key's dog upload began, in nanoseconds from {@code start}, by key number.
     */
    private static long[] upload(S3Client s3, String bucket, Images images, long start) throws Exception {
        int keys = images.dogs().size();
        long[] dogUploadBegan = new long[keys + 1];
        ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int n = 1; n <= keys; n++) {
                int number = n;
                String key = key(n);
                uploads.add(pool.submit(() -> {
                    s3.putObject(
                            b -> b.bucket(bucket).key(key).contentType(BenchImages.PNG),
                            RequestBody.fromBytes(images.cats().get(number - 1)));
                    dogUploadBegan[number] = System.nanoTime() - start;
                    s3.putObject(
                            b -> b.bucket(bucket).key(key).contentType(BenchImages.PNG),
                            RequestBody.fromBytes(images.dogs().get(number - 1)));
                }));
            }
            // Future.get orders each task's write before this thread's reads of the array.
            for (Future<?> upload : uploads) {
                upload.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return dogUploadBegan;
    }

    /** The latest of one stage's times over the keys' DONE outcomes, from the first upload. */
    private static Duration sinceStart(
            int keys, OutcomeWatcher outcomes, long startWallMs, ToLongFunction<OutcomeWatcher.Timing> stage) {
        long latest = startWallMs;
        for (int n = 1; n <= keys; n++) {
            latest = Math.max(
                    latest, outcomes.timing(key(n)).map(stage::applyAsLong).orElse(startWallMs));
        }
        return Duration.ofMillis(latest - startWallMs);
    }

    private static String key(int n) {
        return "img" + n + ".png";
    }

    /** Outputs that are exactly their key's inverted dog (the transform is deterministic, so bytes compare). */
    private static long countNewest(S3Client s3, String bucket, Images images) {
        long newest = 0;
        for (int n = 1; n <= images.dogs().size(); n++) {
            String key = key(n);
            try {
                if (Arrays.equals(
                        s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
                        images.invertedDogs().get(n - 1))) {
                    newest++;
                }
            } catch (NoSuchKeyException e) {
                // no output: not the newest
            }
        }
        return newest;
    }

    void report(BenchContext context, int keys, Duration pause, List<Run> runs) {
        Report report = context.report();
        report.heading(title());
        report.paragraph(
                "%d keys of a versioned bucket; ten upload threads each put a cat and "
                        + "then a dog (256 px PNG, drawn with the key's number) over one key; the transform pauses %s with "
                        + "probability %.1f per call. Notifications are "
                        + "delivered once and in order, so the wall time measures the sink alone. Coordination on, %d stream "
                        + "threads (one per input partition, the most the synchronous sink can use). One unreported round "
                        + "without pauses warms the JVM first. Wall time: first upload "
                        + "until every notification had its outcome. Keys transformed twice: the cat's job had started "
                        + "before the dog was accepted, so the dog waited for it (otherwise the dog replaced the cat). "
                        + "The ideal bound is the later of two lower bounds no schedule beats, since every key's newest "
                        + "output needs its dog transformed: *rounds*, ceil(dogs whose transform paused ÷ objects at once) × "
                        + "pause; and *arrivals*, the latest time a dog's upload began, plus the pause when its transform "
                        + "paused. It leaves out the fast transforms' own time, the delivery of notifications and any cat "
                        + "the sink transformed. The "
                        + "last three columns are a time line from the first upload: when the uploads had all returned, and the "
                        + "latest gate decision and sink completion among the objects' DONE outcomes (the outcomes' own "
                        + "times, by the wall clock the processor shares).",
                keys, seconds(pause), SLOW_PROBABILITY, DevStack.INPUT_PARTITIONS);
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            rows.add(List.of(
                    r.sink().name(),
                    String.valueOf(r.concurrency()),
                    seconds(r.wall()),
                    r.transforms() + " (" + r.slowed() + " slow)",
                    String.valueOf(r.keysTransformedTwice()),
                    seconds(r.roundsBound()) + " (" + r.pausedDogs() + " paused dogs)",
                    seconds(r.arrivalsBound()),
                    seconds(r.ideal()),
                    String.format(Locale.ROOT, "%.2f", ratio(r.wall(), r.ideal())),
                    r.done() + " / " + r.superseded(),
                    r.newest() + " of " + keys,
                    seconds(r.uploaded()),
                    seconds(r.lastDecided()),
                    seconds(r.lastCompleted())));
        }
        report.table(
                List.of(
                        "sink",
                        "objects at once",
                        "wall time",
                        "transforms",
                        "keys transformed twice",
                        "bound: rounds",
                        "bound: arrivals",
                        "ideal bound",
                        "wall ÷ ideal",
                        "DONE / SUPERSEDED",
                        "outputs newest",
                        "uploads done",
                        "last decision",
                        "last completion"),
                rows);
        Run sync = runs.stream()
                .filter(r -> r.sink().equals(SinkVariant.SYNC))
                .findFirst()
                .orElse(null);
        // The targets are the widest new sink's: the one configured for slow, I/O-bound jobs.
        Run widest = runs.stream()
                .filter(r -> !r.sink().equals(SinkVariant.SYNC))
                .max(Comparator.comparingInt(Run::concurrency))
                .orElse(null);
        if (sync != null && widest != null) {
            double speedUp = ratio(sync.wall(), widest.wall());
            double toIdeal = ratio(widest.wall(), widest.ideal());
            report.paragraph(
                    "Wall time %s ÷ %s: **%.3f** (%.2f × faster). The targets are evaluated on the widest new sink, %s "
                            + "(%s): the %.0f × target is **%s** with that configuration.",
                    widest.sink().name(),
                    sync.sink().name(),
                    1 / speedUp,
                    speedUp,
                    widest.sink().name(),
                    configuration(widest),
                    SPEED_UP_TARGET,
                    speedUp >= SPEED_UP_TARGET ? "met" : "missed");
            for (Run other : runs) {
                if (other == sync || other == widest) {
                    continue;
                }
                double otherSpeedUp = ratio(sync.wall(), other.wall());
                report.paragraph(
                        "With %s (%s) the speed-up is %.1f ×, and the ideal bounds' ratio is %.1f × (%s): %s.",
                        other.sink().name(),
                        configuration(other),
                        otherSpeedUp,
                        ratio(sync.ideal(), other.ideal()),
                        bothBounds(sync, other),
                        otherSpeedUp >= SPEED_UP_TARGET
                                ? "it meets the target too"
                                : String.format(
                                        Locale.ROOT,
                                        "%.0f × needs a pool of %d or more workers for this run's %d paused dogs",
                                        SPEED_UP_TARGET,
                                        minimumConcurrencyFor(other.pausedDogs(), sync.ideal(), other),
                                        other.pausedDogs()));
            }
            if (speedUp < SPEED_UP_TARGET) {
                report.paragraph(whyMissed(sync, widest, speedUp));
            }
            if (toIdeal > IDEAL_TARGET) {
                report.paragraph(whyAboveIdeal(widest, runs, keys));
            }
            report.target(Target.atLeast(
                    "slow objects: new sink faster than the synchronous one",
                    "≥ 10 ×",
                    speedUp,
                    SPEED_UP_TARGET,
                    String.format(
                            Locale.ROOT, "%.2f × (%s)", speedUp, widest.sink().name())));
            report.target(Target.atMost(
                    "slow objects: new sink's wall time ÷ ideal bound",
                    "≤ 1.5",
                    toIdeal,
                    IDEAL_TARGET,
                    String.format(
                            Locale.ROOT, "%.2f (%s)", toIdeal, widest.sink().name())));
        } else {
            String why = "needs the synchronous and the new sink in one run; this run had "
                    + runs.stream().map(r -> r.sink().name()).toList();
            report.target(Target.notMeasured("slow objects: new sink faster than the synchronous one", "≥ 10 ×", why));
            report.target(Target.notMeasured("slow objects: new sink's wall time ÷ ideal bound", "≤ 1.5", why));
        }
    }

    /** Why {@code newest} is less than 10 × faster than {@code sync}: the bounds, or the distance to them. */
    private static String whyMissed(Run sync, Run newest, double speedUp) {
        double bounds = ratio(sync.ideal(), newest.ideal());
        if (bounds < SPEED_UP_TARGET) {
            return String.format(
                    Locale.ROOT,
                    "Why the %.0f × target is missed: the two sinks' ideal bounds differ by only %.1f × (%s), so "
                            + "%.0f × would need the %s sink to beat its own lower bound. The measured %.1f × is %s the bounds' ratio because the %s sink came "
                            + "%s its bound (wall ÷ ideal %.2f against %.2f). %s",
                    SPEED_UP_TARGET,
                    bounds,
                    bothBounds(sync, newest),
                    SPEED_UP_TARGET,
                    newest.sink().name(),
                    speedUp,
                    speedUp >= bounds ? "above" : "below",
                    newest.sink().name(),
                    speedUp >= bounds ? "closer to" : "further from",
                    ratio(newest.wall(), newest.ideal()),
                    ratio(sync.wall(), sync.ideal()),
                    whatWouldWiden(sync, newest));
        }
        return String.format(
                Locale.ROOT,
                "Why the %.0f × target is missed: the ideal bounds differ by %.1f × (%s), enough for 10 ×, but the %s sink stayed further from its bound "
                        + "(wall ÷ ideal %.2f) than the synchronous one (%.2f): the time that does not shrink with "
                        + "more workers (uploads, notification delivery, fast transforms, each key's order) dominates "
                        + "its wall time.",
                SPEED_UP_TARGET,
                bounds,
                bothBounds(sync, newest),
                newest.sink().name(),
                ratio(newest.wall(), newest.ideal()),
                ratio(sync.wall(), sync.ideal()));
    }

    /** What would widen the bounds' ratio to 10 ×: more workers, unless the arrivals set the new sink's bound. */
    private static String whatWouldWiden(Run sync, Run newest) {
        if (newest.arrivalsBound().compareTo(newest.roundsBound()) > 0) {
            return String.format(
                    Locale.ROOT,
                    "The %s sink's bound is set by the arrivals (the uploads and the last dog's pause, %s), which "
                            + "no pool size shortens: only a longer pause, or more paused objects, would widen the "
                            + "bounds' ratio to 10 ×.",
                    newest.sink().name(),
                    seconds(newest.arrivalsBound()));
        }
        return String.format(
                Locale.ROOT,
                "What limits the speed-up is the synchronous sink's partition count (%d input partitions) against "
                        + "the pool's %d workers: a pool of %d or more workers (SEQGATE_SINK_CONCURRENCY), or a longer "
                        + "pause, would widen the bounds' ratio to 10 ×.",
                sync.concurrency(),
                newest.concurrency(),
                minimumConcurrencyFor(newest.pausedDogs(), sync.ideal(), newest));
    }

    /** The two sinks' ideal bounds, each with its objects at once. */
    private static String bothBounds(Run sync, Run newest) {
        return String.format(
                Locale.ROOT,
                "%s for %d objects at once against %s for %d",
                seconds(sync.ideal()),
                sync.concurrency(),
                seconds(newest.ideal()),
                newest.concurrency());
    }

    /**
     * Why {@code newest}'s wall time is more than 1.5 × its bound: what the bound leaves out, with the
     * figures of this run.
     */
    private static String whyAboveIdeal(Run newest, List<Run> runs, int keys) {
        List<String> others = new ArrayList<>();
        for (Run other : runs) {
            if (other != newest && !other.sink().equals(SinkVariant.SYNC)) {
                others.add(String.format(
                        Locale.ROOT,
                        "%s with %d workers: %s above its bound",
                        other.sink().name(),
                        other.concurrency(),
                        seconds(other.wall().minus(other.ideal()))));
            }
        }
        return String.format(
                Locale.ROOT,
                "Why %s's wall ÷ ideal is above %.1f: its bound is %s (rounds %s, arrivals %s), and its wall time "
                        + "is %s above it%s. The bound leaves out what more workers do not shrink: delivering the %d "
                        + "notifications, the fast transforms' own time, and the %d keys whose cat was transformed "
                        + "before their dog was accepted, each such dog waiting for its cat (up to one %s pause).",
                newest.sink().name(),
                IDEAL_TARGET,
                seconds(newest.ideal()),
                seconds(newest.roundsBound()),
                seconds(newest.arrivalsBound()),
                seconds(newest.wall().minus(newest.ideal())),
                others.isEmpty() ? "" : " (" + String.join("; ", others) + ")",
                2 * keys,
                newest.keysTransformedTwice(),
                seconds(newest.pause()));
    }

    /** How a row's sink was configured, in the processor's settings. */
    private static String configuration(Run r) {
        String workers = r.sink().settings().get("SEQGATE_SINK_CONCURRENCY");
        if (workers == null) {
            return r.sink().name() + ", " + r.concurrency() + " objects at once";
        }
        String linger = r.sink().settings().get("SEQGATE_SINK_LINGER");
        return "SEQGATE_SINK_CONCURRENCY=" + workers
                + (Integer.parseInt(workers) == SinkExecution.DEFAULT_CONCURRENCY ? ", the default" : "")
                + (linger == null ? "" : ", SEQGATE_SINK_LINGER=" + linger);
    }

    /**
     * The fewest objects at once whose rounds bound for {@code pausedDogs} paused transforms is a
     * tenth of {@code syncIdeal} or less.
     */
    private static long minimumConcurrencyFor(long pausedDogs, Duration syncIdeal, Run newest) {
        if (newest.pause().isZero()) {
            return newest.concurrency();
        }
        long rounds = Math.max(1, (long) Math.floor(
                syncIdeal.toNanos() / SPEED_UP_TARGET / newest.pause().toNanos()));
        return (pausedDogs + rounds - 1) / rounds;
    }

    private static double ratio(Duration a, Duration b) {
        return b.isZero() ? Double.NaN : (double) a.toNanos() / b.toNanos();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
