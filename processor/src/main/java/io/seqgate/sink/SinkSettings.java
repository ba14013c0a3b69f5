package io.seqgate.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * What the sink writes where, and how hard it tries.
 *
 * @param outputBucket   bucket the outputs go to
 * @param outputPrefix   prepended to the full input key to name the output (may be empty)
 * @param bucketInKey    put the input bucket into the output key too ({@code prefix + bucket/key}): needed
 *                       when the input spans several buckets, or {@code in-a/x.jpg} and {@code in-b/x.jpg}
 *                       would share one output and their sequencers would be compared across objects
 * @param maxObjectBytes inputs larger than this are UNSUPPORTED without being downloaded
 *                       ({@code SEQGATE_MAX_OBJECT_BYTES})
 * @param reconcile      true (COORDINATION=on): pinned reads and compare-and-swap writes (docs/design.md §2);
 *                       false (COORDINATION=off): the naive baseline, read latest and write blindly
 * @param backoffBase    first wait before retrying a transient S3 error; doubles per retry
 * @param backoffCap     longest single wait between retries
 * @param retryBudget    how long one event may spend retrying transient errors before it ends FAILED
 * @param maxWriteRounds how many times the output compare-and-swap may lose to a concurrent writer
 *                       (HTTP 412) before the event ends FAILED
 */
public record SinkSettings(
        String outputBucket,
        String outputPrefix,
        boolean bucketInKey,
        long maxObjectBytes,
        boolean reconcile,
        Duration backoffBase,
        Duration backoffCap,
        Duration retryBudget,
        int maxWriteRounds) {

    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(100);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_WRITE_ROUNDS = 3;

    public SinkSettings {
        Objects.requireNonNull(outputBucket, "outputBucket");
        Objects.requireNonNull(outputPrefix, "outputPrefix");
        if (outputBucket.isBlank()) {
            throw new IllegalArgumentException("outputBucket must not be blank");
        }
        if (maxObjectBytes <= 0 || maxObjectBytes > Integer.MAX_VALUE - 8) {
            // the whole object is held in one byte[] for the transform
            throw new IllegalArgumentException("SEQGATE_MAX_OBJECT_BYTES must be between 1 and "
                    + (Integer.MAX_VALUE - 8) + ", was " + maxObjectBytes);
        }
        requireNonNegative(backoffBase, "backoffBase");
        requireNonNegative(backoffCap, "backoffCap");
        requireNonNegative(retryBudget, "retryBudget");
        if (maxWriteRounds < 1) {
            throw new IllegalArgumentException("maxWriteRounds must be at least 1, was " + maxWriteRounds);
        }
    }

    /** Default retry numbers: 100 ms doubling to 2 s, 20 s per event, 3 compare-and-swap rounds. */
    public static SinkSettings of(String outputBucket, String outputPrefix, long maxObjectBytes, boolean reconcile) {
        return new SinkSettings(
                outputBucket,
                outputPrefix,
                false,
                maxObjectBytes,
                reconcile,
                DEFAULT_BACKOFF_BASE,
                DEFAULT_BACKOFF_CAP,
                DEFAULT_RETRY_BUDGET,
                DEFAULT_MAX_WRITE_ROUNDS);
    }

    /**
     * The output key of an input object: prefix + the full key (never its basename, so {@code a/x.jpg}
     * and {@code b/x.jpg} never collide), with the bucket in front when {@link #bucketInKey}.
     */
    public String outputKey(String inputBucket, String inputKey) {
        return bucketInKey ? outputPrefix + inputBucket + "/" + inputKey : outputPrefix + inputKey;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
