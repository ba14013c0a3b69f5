package io.seqgate.reconcile;

import io.seqgate.event.Location;
import io.seqgate.event.ReconcileRecords.Cause;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * One reconcile pass (docs/reconcile.md): lists every input location and the outputs that belong to it,
 * in key order, joins the two listings, asks {@link SyncCheck} whether each object is in sync, and writes
 * a reconcile record for each one that is not. It writes nothing to S3: the gate and the sink settle the
 * objects, ordered with their live events.
 *
 * <p>With one lister a location is one listing. With more, its top level is walked with a delimiter
 * ({@code /}): every folder found in the input or the output listing becomes a unit of its own, one
 * listing each, taken by the next free lister, so disjoint key ranges are listed at once (a level holding a
 * single folder and nothing else is looked through, down to {@link #MAX_DEPTH} levels). A location
 * whose input objects come from an S3 Inventory report ({@link Inventory}) is one unit: the report names
 * no folders, and every unit would have to sort the whole report to find its own objects in it.
 */
public final class ReconcilePass {

    /** How deep a chain of single folders is followed to find a level worth splitting. */
    static final int MAX_DEPTH = 8;

    /**
     * @param listers   units listed at once
     * @param checkers  output HEADs made at once
     * @param rate      objects listed per second over all listers; 0 for no limit
     * @param inventory the report to read the input objects of its bucket from instead of listing them, or null
     */
    public record Options(int listers, int checkers, double rate, Inventory inventory) {

        public Options {
            if (listers < 1 || checkers < 1 || !(rate >= 0)) {
                throw new IllegalArgumentException(
                        "listers and checkers must be at least 1 and the rate not negative, got " + listers + ", "
                                + checkers + ", " + rate);
            }
        }

        /** Options that list every input location. */
        public Options(int listers, int checkers, double rate) {
            this(listers, checkers, rate, null);
        }
    }

    /**
     * An S3 Inventory report to take the input objects of its source bucket from (docs/reconcile.md):
     * input locations in that bucket are read from the report, the others and the output still listed.
     *
     * @param manifest the report's {@code manifest.json}, {@code s3://bucket/key}
     * @param workDir  where the report's objects are sorted on local disk while a pass reads them
     */
    public record Inventory(String manifest, Path workDir) {

        public Inventory {
            InventoryManifest.S3Url.parse(manifest);
            Objects.requireNonNull(workDir, "workDir");
        }
    }

    /**
     * What a pass has done so far.
     *
     * @param listed    input and output objects listed
     * @param compared  objects compared (an input with its output, or either alone)
     * @param inSync    of those, found in sync
     * @param inSyncByIndex of those, found in sync by the gate's output index, without a HEAD
     * @param outOfSync of those, found out of sync, by cause
     * @param emitted   reconcile records written
     * @param heads     output HEADs made to compare
     * @param unitsDone units finished
     * @param units     units found so far
     * @param requests  S3 requests the pass made, by operation (LIST, HEAD, GET), retries included
     * @param elapsed   time since the pass started
     */
    public record Progress(
            long listed,
            long compared,
            long inSync,
            long inSyncByIndex,
            Map<Cause, Long> outOfSync,
            long emitted,
            long heads,
            int unitsDone,
            int units,
            Map<String, Long> requests,
            Duration elapsed) {

        public Progress {
            outOfSync = Map.copyOf(outOfSync);
            requests = Map.copyOf(requests);
        }

        /** S3 requests of every kind. */
        public long requestsTotal() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public long outOfSyncTotal() {
            return outOfSync.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Objects compared per second. */
        public double rate() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0 ? compared / seconds : 0;
        }
    }

    /**
     * One part of a location, listed by one lister.
     *
     * @param prefix the input keys it covers
     * @param depth  its folder level below the location
     * @param split  whether it is walked with a delimiter, its folders handed on as units of their own
     */
    record Unit(Location location, String prefix, int depth, boolean split) {
        String id() {
            return location.bucket() + "/" + prefix + (split ? "|direct" : "");
        }
    }

    /** Makes the listings a pass joins, with the pass's retries. */
    interface Listings {

        /** The listing of the output bucket: versioned or not. */
        BucketListing output(String bucket) throws InterruptedException;

        /** The input objects of a location: its bucket's listing, or an inventory report of the bucket. */
        SortedListing input(Location location) throws InterruptedException;
    }

    private final List<Location> inputs;
    private final String outputBucket;
    private final Listings listings;
    private final BiFunction<String, String, String> outputKey;
    private final SyncCheck check;
    private final RecordEmitter emitter;
    private final Options options;
    private final Pace pace;
    private final Checkpoint checkpoint;

    private final OutputIndex index;
    private final Map<String, LongAdder> requests;
    private final Tally tally = new Tally();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Queue<Future<?>> running = new ConcurrentLinkedQueue<>();
    private volatile long startNanos;
    private ExecutorService listers;
    private ExecutorService checkers;

    /**
     * @param outputKey the output key of an input object, from its bucket and key ({@code SinkSettings.outputKey})
     */
    ReconcilePass(
            List<Location> inputs,
            String outputBucket,
            Listings listings,
            BiFunction<String, String, String> outputKey,
            SyncCheck check,
            RecordEmitter emitter,
            Options options,
            Checkpoint checkpoint,
            OutputIndex index,
            Map<String, LongAdder> requests) {
        this.inputs = List.copyOf(inputs);
        this.outputBucket = outputBucket;
        this.listings = listings;
        this.outputKey = outputKey;
        this.check = check;
        this.emitter = emitter;
        this.options = options;
        this.pace = new Pace(options.rate());
        this.checkpoint = checkpoint;
        this.index = index;
        this.requests = requests;
    }

    /** What the pass has done so far; callable from any thread while it runs. */
    public Progress progress() {
        long start = startNanos;
        return new Progress(
                tally.listed.sum(),
                tally.compared.sum(),
                tally.inSync.sum(),
                tally.inSyncByIndex.sum(),
                tally.outOfSync(),
                emitter.emitted(),
                check.heads(),
                tally.unitsDone.get(),
                tally.units.get(),
                requests(),
                Duration.ofNanos(start == 0 ? 0 : System.nanoTime() - start));
    }

    /** The S3 requests made so far, by operation (LIST, HEAD, GET), retries included. */
    private Map<String, Long> requests() {
        Map<String, Long> made = new TreeMap<>();
        requests.forEach((operation, n) -> made.put(operation, n.sum()));
        return made;
    }

    /**
     * Runs the pass to its end.
     *
     * @return what it did
     * @throws ReconcileException when a listing, a comparison or writing the records failed for good
     *                            (after the retries); the records of what was compared stay written
     */
    public Progress run() throws InterruptedException {
        startNanos = System.nanoTime();
        listers = Executors.newFixedThreadPool(options.listers(), daemon("seqgate-reconcile-list-"));
        checkers = Executors.newFixedThreadPool(options.checkers(), daemon("seqgate-reconcile-check-"));
        try {
            BucketListing output = listings.output(outputBucket);
            // Every input is resolved (an inventory's manifest read) before the first unit starts.
            List<SortedListing> sources = new ArrayList<>(inputs.size());
            for (Location location : inputs) {
                sources.add(listings.input(location));
            }
            for (int n = 0; n < inputs.size(); n++) {
                Location location = inputs.get(n);
                SortedListing input = sources.get(n);
                start(
                        new Unit(location, location.prefix(), 0, options.listers() > 1 && input.listsFolders()),
                        input,
                        output);
            }
            ReconcileException failure = null;
            Future<?> f;
            // A unit hands on its folders before it ends, so they are queued before its future is done.
            while ((f = running.poll()) != null) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    ReconcileException why = e.getCause() instanceof ReconcileException r
                            ? r
                            : new ReconcileException(String.valueOf(e.getCause()), e.getCause());
                    if (failure == null) {
                        failure = why;
                    } else {
                        failure.addSuppressed(why);
                    }
                }
            }
            emitter.flush();
            if (failure != null) {
                throw failure;
            }
            return progress();
        } finally {
            listers.shutdownNow();
            checkers.shutdownNow();
        }
    }

    private void start(Unit unit, SortedListing input, BucketListing output) {
        if (!started.add(unit.id())) {
            return;
        }
        tally.units.incrementAndGet();
        if (checkpoint.isDone(unit.id())) {
            tally.unitsDone.incrementAndGet();
            if (!unit.split()) {
                return;
            }
        }
        UnitJoin join = new UnitJoin(
                unit, check, index, emitter, checkpoint, pace, tally, checkers, outputKey, (folders, objectsFound) -> {
                    // A level with one folder and nothing beside it splits nothing: look one level deeper.
                    boolean descend = folders.size() == 1 && !objectsFound && unit.depth() + 1 < MAX_DEPTH;
                    for (String folder : folders) {
                        start(new Unit(unit.location(), folder, unit.depth() + 1, descend), input, output);
                    }
                });
        running.add(listers.submit(() -> {
            join.run(input, output);
            return null;
        }));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
