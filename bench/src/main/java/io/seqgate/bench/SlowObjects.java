package io.seqgate.bench;

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
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>This class runs the experiment and collects one {@link Run} per sink; {@link SlowObjectsReport}
 * writes them into the report.
 */
final class SlowObjects implements Section {

    private static final int BASE_KEYS = 200;
    static final double SLOW_PROBABILITY = 0.5;
    private static final int UPLOAD_THREADS = 10;
    private static final long SEED = 42;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** One sink's run of the experiment: what it took, the bounds, and how the outputs ended. */
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
        SlowObjectsReport.write(context.report(), title(), keys, pause, runs);
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
}
