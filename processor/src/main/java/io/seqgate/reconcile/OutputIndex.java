package io.seqgate.reconcile;

import io.seqgate.outcome.OutputRecord;
import java.util.List;

/**
 * What the gate's state says each object's output holds ({@link OutputRecord}), read a page at a time in
 * key order: the cheap way to tell an output in sync, with no request to S3 per object (docs/reconcile.md).
 * An object the index knows nothing of, or whose listing does not match what it knows, is compared by a
 * HEAD of its output instead.
 */
public interface OutputIndex {

    /** No index: every object with an input and an output costs a HEAD. */
    OutputIndex NONE = (bucket, prefix, after, limit) -> new Page(List.of(), null);

    /** What the index knows of one object (its input key). */
    record Entry(String key, OutputRecord output) {}

    /** @param next the key to ask after for the next page, or null after the last */
    record Page(List<Entry> entries, String next) {}

    /**
     * The entries of {@code bucket} whose keys start with {@code prefix} and sort after {@code after} (null:
     * from the first), in key order, at most {@code limit}.
     *
     * @throws IndexUnavailableException when the index cannot answer now (the pass then goes on without it)
     */
    Page page(String bucket, String prefix, String after, int limit) throws InterruptedException;

    /** The index cannot answer: a rebalance, an instance down, the HTTP API off. */
    final class IndexUnavailableException extends RuntimeException {
        public IndexUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
