package io.seqgate.reconcile;

import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.reconcile.OutputIndex.IndexUnavailableException;
import io.seqgate.reconcile.ReconcilePass.Unit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one unit's input and output listings in key order, tells for each object whether it is in sync,
 * and writes a record for each one that is not: first from the listings (an output missing or without
 * its input), then from the gate's output index (an output listed with the eTag the gate recorded, of an
 * input listed with the version it recorded, made by the current transform), and only then by a HEAD of
 * the output ({@link SyncCheck}). A split unit compares only the objects directly under its prefix, and
 * hands the folders it meets in either listing on as units of their own when it is done; it reads the
 * index for those objects only, skipping each folder's entries with one request rather than paging
 * through them.
 */
final class UnitJoin {

    private static final Logger LOG = LoggerFactory.getLogger(UnitJoin.class);

    /** The most UTF-8 bytes of an S3 key. */
    private static final int S3_MAX_KEY_BYTES = 1024;

    /** U+10FFFF, four bytes in UTF-8: no key has a higher character. */
    private static final String MAX_CHARACTER = new String(Character.toChars(Character.MAX_CODE_POINT));

    /** Objects compared and written before the pass notes its progress in the checkpoint. */
    static final int BATCH = BucketListing.PAGE;

    private final Unit unit;
    private final SyncCheck check;
    private final OutputIndex index;
    private final RecordEmitter emitter;
    private final Checkpoint checkpoint;
    private final Pace pace;
    private final Tally tally;
    private final ExecutorService checkers;
    private final BiFunction<String, String, String> outputKey;
    private final BiConsumer<List<String>, Boolean> foldersFound;
    private final Set<String> folders = new LinkedHashSet<>();
    private boolean objectsFound;
    private final String bucket;

    /**
     * @param outputKey   the output key of an input object, from its bucket and key
     * @param foldersFound told, once a split unit is done, of the folders (input key prefixes) it met and
     *                     whether it met any object directly under its prefix
     */
    UnitJoin(
            Unit unit,
            SyncCheck check,
            OutputIndex index,
            RecordEmitter emitter,
            Checkpoint checkpoint,
            Pace pace,
            Tally tally,
            ExecutorService checkers,
            BiFunction<String, String, String> outputKey,
            BiConsumer<List<String>, Boolean> foldersFound) {
        this.unit = unit;
        this.check = check;
        this.index = index;
        this.emitter = emitter;
        this.checkpoint = checkpoint;
        this.pace = pace;
        this.tally = tally;
        this.checkers = checkers;
        this.outputKey = outputKey;
        this.foldersFound = foldersFound;
        this.bucket = unit.location().bucket();
    }

    /** Opens the unit's listings, joins them, and closes them (which deletes an inventory's sorted runs). */
    void run(SortedListing input, BucketListing output) throws InterruptedException {
        // A split unit is walked again from its start, even when done or resumed, to find its folders.
        String resume = unit.split() ? null : checkpoint.resumeAfter(unit.id());
        try (SortedListing.Pages inputPages = input.pages(unit.prefix(), resume, unit.split());
                SortedListing.Pages outputPages = output.pages(
                        outputKey.apply(bucket, unit.prefix()),
                        resume == null ? null : outputKey.apply(bucket, resume),
                        unit.split())) {
            join(
                    new Cursor(inputPages, 0),
                    new Cursor(outputPages, outputKey.apply(bucket, "").length()),
                    new IndexCursor(resume));
        }
        if (unit.split()) {
            foldersFound.accept(List.copyOf(folders), objectsFound);
        }
        LOG.debug("Reconcile unit {} done", unit.id());
    }

    private void join(Cursor in, Cursor out, IndexCursor known) throws InterruptedException {
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
            ListedObject input = order <= 0 ? in.take() : null;
            ListedObject output = order >= 0 ? out.take() : null;
            if (done || (skipTo != null && KeyOrder.compare(key, skipTo) <= 0)) {
                continue;
            }
            OutputRecord recorded = input != null ? known.at(key) : null;
            batch.add(new Pair(key, input, output, recorded));
            if (batch.size() >= BATCH) {
                compareAndWrite(batch);
                batch.clear();
            }
        }
        if (!done) {
            compareAndWrite(batch);
            checkpoint.unitDone(unit.id());
            tally.unitsDone.incrementAndGet();
        }
    }

    /**
     * An input key with its input and output as listed (either may be null), and what the gate's index
     * records of its output (null when nothing, or when it was not asked).
     */
    private record Pair(String key, ListedObject input, ListedObject output, OutputRecord recorded) {

        /**
         * Whether the index tells this object in sync: its output is what the sink wrote, or it rightly has
         * none (the sink found the input's version cannot be transformed).
         */
        boolean inSyncByIndex(String transform) {
            if (recorded == null || input == null) {
                return false;
            }
            return output == null
                    ? recorded.refuses(input.eTag(), input.versionId(), transform)
                    : recorded.matches(output.eTag(), input.eTag(), input.versionId(), transform);
        }
    }

    /** Compares a batch of pairs (HEADs in parallel), writes their records, and notes how far the unit got. */
    private void compareAndWrite(List<Pair> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<Future<Cause>> heads = new ArrayList<>(batch.size());
        for (Pair p : batch) {
            boolean needsHead = p.input() != null && p.output() != null && !p.inSyncByIndex(check.transform());
            heads.add(
                    needsHead
                            ? checkers.submit(
                                    () -> check.check(p.input(), p.output(), outputKey.apply(bucket, p.key())))
                            : null);
        }
        for (int n = 0; n < batch.size(); n++) {
            Pair p = batch.get(n);
            Cause cause;
            if (heads.get(n) != null) {
                try {
                    cause = heads.get(n).get();
                } catch (ExecutionException e) {
                    throw new ReconcileException(
                            "cannot compare s3://" + bucket + "/" + p.key() + " with its output: " + e.getCause(),
                            e.getCause());
                }
            } else if (p.inSyncByIndex(check.transform())) {
                cause = null;
                tally.inSyncByIndex.increment();
            } else {
                cause = check.check(p.input(), p.output(), null);
            }
            tally.compared.increment();
            if (cause == null) {
                tally.inSync.increment();
            } else {
                tally.outOfSync(cause);
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
        private List<ListedObject> page = List.of();
        private int at;

        /** @param strip characters to take off a key to get the input key (the output location's base) */
        Cursor(SortedListing.Pages pages, int strip) {
            this.pages = pages;
            this.strip = strip;
        }

        ListedObject peek() throws InterruptedException {
            while (at >= page.size()) {
                if (!pages.hasNext()) {
                    return null;
                }
                SortedListing.Page next = pages.next();
                page = next.objects();
                objectsFound |= !page.isEmpty();
                at = 0;
                tally.listed.add(page.size());
                for (String folder : next.commonPrefixes()) {
                    folders.add(folder.substring(strip));
                }
                pace.take(page.size());
            }
            return page.get(at);
        }

        String peekedInputKey() {
            return page.get(at).key().substring(strip);
        }

        ListedObject take() {
            return page.get(at++);
        }
    }

    /**
     * Walks the gate's output index over the unit's keys alongside the listings, a page at a time. Should the
     * index fail to answer, the unit goes on without it: every object with an output then costs a HEAD.
     */
    private final class IndexCursor {
        private List<OutputIndex.Entry> page = List.of();
        private int at;
        private String next;
        private boolean exhausted;

        IndexCursor(String after) {
            this.next = after;
        }

        /** What the index records of {@code key}'s output, or null; keys are asked in increasing order. */
        OutputRecord at(String key) throws InterruptedException {
            while (!exhausted) {
                while (at < page.size() && KeyOrder.compare(page.get(at).key(), key) < 0) {
                    at++;
                }
                if (at < page.size()) {
                    OutputIndex.Entry entry = page.get(at);
                    return KeyOrder.compare(entry.key(), key) == 0 ? entry.output() : null;
                }
                skipFolder();
                fetch();
            }
            return null;
        }

        /**
         * A split unit asks only for keys directly under its prefix: when its page ended inside one of the
         * prefix's folders, the next page starts past that folder rather than in the rest of it.
         */
        private void skipFolder() {
            if (!unit.split() || page.isEmpty() || next == null) {
                return;
            }
            String last = page.get(page.size() - 1).key();
            int slash = last.indexOf('/', unit.prefix().length());
            if (slash >= 0) {
                next = past(last.substring(0, slash + 1));
            }
        }

        private void fetch() throws InterruptedException {
            if (page != null && !page.isEmpty() && next == null) {
                exhausted = true;
                return;
            }
            try {
                OutputIndex.Page fetched = index.page(bucket, unit.prefix(), next, BATCH);
                page = fetched.entries();
                at = 0;
                next = fetched.next();
                if (page.isEmpty()) {
                    exhausted = true;
                }
            } catch (IndexUnavailableException e) {
                LOG.warn(
                        "Reconcile unit {}: the gate's output index did not answer ({}); comparing by HEAD instead",
                        unit.id(),
                        e.getMessage());
                exhausted = true;
            }
        }
    }

    /**
     * A key after every key under {@code folder} and before every other key that follows them: the folder
     * followed by U+10FFFF, the highest character, more often than a key of at most 1,024 UTF-8 bytes (S3's
     * limit) can hold. Every key under the folder is lower, and so is everything up to the next key that
     * is not under it, which no longer starts with the folder.
     */
    static String past(String folder) {
        int bytes = folder.getBytes(StandardCharsets.UTF_8).length;
        return folder + MAX_CHARACTER.repeat(Math.max(1, (S3_MAX_KEY_BYTES - bytes) / 4 + 1));
    }
}
