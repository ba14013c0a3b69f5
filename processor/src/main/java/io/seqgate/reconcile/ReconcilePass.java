package io.seqgate.reconcile;

import io.seqgate.event.Location;
import io.seqgate.event.ReconcileRecords.Cause;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass (docs/reconcile.md): lists every input location and the outputs that belong to it,
 * in key order, joins the two listings, asks {@link SyncCheck} whether each object is in sync, and writes
 * a reconcile record for each one that is not. It writes nothing to S3: the gate and the sink settle the
 * objects, ordered with their live events.
 *
 * <p>With one lister a location is one listing. With more, it is walked folder by folder ({@code /}) for
 * the first {@link #SPLIT_DEPTH} levels: every folder found in the input or the output listing becomes a
 * unit of its own, listed by the next free lister, so disjoint key ranges are listed at once. A location
 * whose input objects come from an S3 Inventory report ({@link Inventory}) is one unit: the report names
 * no folders, and every unit would have to sort the whole report to find its own objects in it.
 */
public final class ReconcilePass {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePass.class);

    /** Folder levels split into units of their own; below, a unit is one listing. */
    static final int SPLIT_DEPTH = 2;

    /** Objects compared and written before the pass notes its progress in the checkpoint. */
    private static final int BATCH = BucketListing.PAGE;

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
     * @param outOfSync of those, found out of sync, by cause
     * @param emitted   reconcile records written
     * @param heads     output HEADs made to compare
     * @param unitsDone units finished
     * @param units     units found so far
     * @param elapsed   time since the pass started
     */
    public record Progress(
            long listed,
            long compared,
            long inSync,
            Map<Cause, Long> outOfSync,
            long emitted,
            long heads,
            int unitsDone,
            int units,
            Duration elapsed) {

        public Progress {
            outOfSync = Map.copyOf(outOfSync);
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
     * @param depth  its folder level below the location; below {@link #SPLIT_DEPTH} it is walked with a
     *               delimiter, its folders handed on as units of their own
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

    private final LongAdder listed = new LongAdder();
    private final LongAdder compared = new LongAdder();
    private final LongAdder inSync = new LongAdder();
    private final AtomicLongArray outOfSync = new AtomicLongArray(Cause.values().length);
    private final AtomicInteger unitsDone = new AtomicInteger();
    private final AtomicInteger units = new AtomicInteger();
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
            Checkpoint checkpoint) {
        this.inputs = List.copyOf(inputs);
        this.outputBucket = outputBucket;
        this.listings = listings;
        this.outputKey = outputKey;
        this.check = check;
        this.emitter = emitter;
        this.options = options;
        this.pace = new Pace(options.rate());
        this.checkpoint = checkpoint;
    }

    /** What the pass has done so far; callable from any thread while it runs. */
    public Progress progress() {
        Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        for (Cause c : Cause.values()) {
            long n = outOfSync.get(c.ordinal());
            if (n > 0) {
                causes.put(c, n);
            }
        }
        long start = startNanos;
        return new Progress(
                listed.sum(),
                compared.sum(),
                inSync.sum(),
                causes,
                emitter.emitted(),
                check.heads(),
                unitsDone.get(),
                units.get(),
                Duration.ofNanos(start == 0 ? 0 : System.nanoTime() - start));
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
        units.incrementAndGet();
        if (checkpoint.isDone(unit.id())) {
            unitsDone.incrementAndGet();
            if (!unit.split()) {
                return;
            }
        }
        running.add(listers.submit(() -> {
            runUnit(unit, input, output);
            return null;
        }));
    }

    /**
     * Runs one unit: opens its input and output listings, joins them, and closes them (which deletes an
     * inventory's sorted runs).
     */
    private void runUnit(Unit unit, SortedListing input, BucketListing output) throws InterruptedException {
        String bucket = unit.location().bucket();
        // A split unit is walked again from its start, even when done or resumed, to find its folders.
        String resume = unit.split() ? null : checkpoint.resumeAfter(unit.id());
        try (SortedListing.Pages inputPages = input.pages(unit.prefix(), resume, unit.split());
                SortedListing.Pages outputPages = output.pages(
                        outputKey.apply(bucket, unit.prefix()),
                        resume == null ? null : outputKey.apply(bucket, resume),
                        unit.split())) {
            join(
                    unit,
                    new Cursor(inputPages, 0, unit, input, output),
                    new Cursor(outputPages, outputKey.apply(bucket, "").length(), unit, input, output));
        }
        LOG.debug("Reconcile unit {} done", unit.id());
    }

    /**
     * Joins one unit's input and output listings in key order and writes records for what is out of
     * sync. A split unit compares only the objects directly under its prefix, and hands each folder it
     * meets in either listing on as a unit of its own.
     */
    private void join(Unit unit, Cursor in, Cursor out) throws InterruptedException {
        boolean done = checkpoint.isDone(unit.id());
        String skipTo = unit.split() ? checkpoint.resumeAfter(unit.id()) : null;
        List<Pair> batch = new ArrayList<>();
        while (true) {
            ListedObject i = in.peek();
            ListedObject o = out.peek();
            if (i == null && o == null) {
                break;
            }
            int order = i == null ? 1 : o == null ? -1 : KeyOrder.compare(i.key(), out.peekedInputKey());
            String key = order <= 0 ? i.key() : out.peekedInputKey();
            Pair pair = new Pair(key, order <= 0 ? in.take() : null, order >= 0 ? out.take() : null);
            if (done || (skipTo != null && KeyOrder.compare(key, skipTo) <= 0)) {
                continue;
            }
            batch.add(pair);
            if (batch.size() >= BATCH) {
                compareAndWrite(unit, batch);
                batch.clear();
            }
        }
        if (!done) {
            compareAndWrite(unit, batch);
            checkpoint.unitDone(unit.id());
            unitsDone.incrementAndGet();
        }
    }

    /** An input key with its input and output as listed; either may be null. */
    private record Pair(String key, ListedObject input, ListedObject output) {}

    /** Compares a batch of pairs (HEADs in parallel), writes their records, and notes how far the unit got. */
    private void compareAndWrite(Unit unit, List<Pair> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        String bucket = unit.location().bucket();
        List<Future<Cause>> heads = new ArrayList<>(batch.size());
        for (Pair p : batch) {
            boolean needsHead = p.input() != null && p.output() != null;
            heads.add(
                    needsHead
                            ? checkers.submit(
                                    () -> check.check(p.input(), p.output(), outputKey.apply(bucket, p.key())))
                            : null);
        }
        for (int n = 0; n < batch.size(); n++) {
            Pair p = batch.get(n);
            Cause cause;
            try {
                cause = heads.get(n) == null
                        ? check.check(p.input(), p.output(), null)
                        : heads.get(n).get();
            } catch (ExecutionException e) {
                throw new ReconcileException(
                        "cannot compare s3://" + bucket + "/" + p.key() + " with its output: " + e.getCause(),
                        e.getCause());
            }
            compared.increment();
            if (cause == null) {
                inSync.increment();
            } else {
                outOfSync.incrementAndGet(cause.ordinal());
                emitter.emit(bucket, p.key(), cause, p.input());
            }
        }
        emitter.flush();
        checkpoint.unitProgress(unit.id(), batch.get(batch.size() - 1).key());
    }

    /** Walks a listing's pages object by object, pacing and counting what it lists and handing on folders. */
    private final class Cursor {
        private final SortedListing.Pages pages;
        private final int strip;
        private final Unit unit;
        private final SortedListing input;
        private final BucketListing output;
        private List<ListedObject> page = List.of();
        private int index;

        /** @param strip characters to take off a key to get the input key (the output location's base) */
        Cursor(SortedListing.Pages pages, int strip, Unit unit, SortedListing input, BucketListing output) {
            this.pages = pages;
            this.strip = strip;
            this.unit = unit;
            this.input = input;
            this.output = output;
        }

        ListedObject peek() throws InterruptedException {
            while (index >= page.size()) {
                if (!pages.hasNext()) {
                    return null;
                }
                SortedListing.Page next = pages.next();
                page = next.objects();
                index = 0;
                listed.add(page.size());
                for (String folder : next.commonPrefixes()) {
                    String inputFolder = folder.substring(strip);
                    start(
                            new Unit(unit.location(), inputFolder, unit.depth() + 1, unit.depth() + 1 < SPLIT_DEPTH),
                            input,
                            output);
                }
                pace.take(page.size());
            }
            return page.get(index);
        }

        String peekedInputKey() {
            return page.get(index).key().substring(strip);
        }

        ListedObject take() {
            return page.get(index++);
        }
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
