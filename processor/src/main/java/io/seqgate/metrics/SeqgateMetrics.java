package io.seqgate.metrics;

import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What seqgate measures, in its own words. The topology and the sink report through this interface;
 * {@link MicrometerMetrics} turns it into meters for {@code /metrics}, and {@link #none()} ignores it
 * (replay, unit tests).
 */
public interface SeqgateMetrics {

    /** One outcome record was produced (once per object event, and once per notice). */
    void outcome(Decision decision);

    /**
     * One S3 call attempt finished, successfully or not.
     *
     * @param operation {@code GET}, {@code HEAD}, {@code PUT} or {@code DELETE}
     */
    void s3Call(String operation, Duration duration);

    /** One run of the transform, whatever its result. */
    void transform(Duration duration);

    /** From the event's time (as S3 stamped it) until its output was written or deleted. */
    void endToEnd(Duration duration);

    /**
     * One record was written to the dead-letter topic.
     *
     * @param kind why: {@code unparseable} (a message no parser shape accepts), {@code sink-failed}
     *             (an accepted event the sink could not complete) or {@code processing-error} (an
     *             unexpected exception inside Kafka Streams, dead-lettered by its exception handler)
     */
    default void deadLetter(String kind) {}

    /**
     * Shows the asynchronous sink's jobs as gauges, read when scraped.
     *
     * @param inFlight jobs in the worker pool: waiting for a worker, or running
     * @param queued   events queued behind a job of the same object
     */
    default void sinkJobs(IntSupplier inFlight, IntSupplier queued) {}

    /**
     * Shows the bound on the asynchronous sink's jobs ({@code SEQGATE_SINK_MAX_PENDING}), so that an
     * alert can compare {@link #sinkJobs} with it: at the bound the stream threads take no more input.
     */
    default void sinkMaxPending(int maxPending) {}

    /**
     * The input topic as last measured: each partition's end offset, and how far the application's
     * consumer group is behind it. Replaces what was shown before; empty maps when it could not be
     * measured, so that no stale figure stays on show.
     *
     * @param endOffsets by partition
     * @param lag        records between the group's committed offset and the end offset, by partition
     */
    default void inputOffsets(String topic, Map<Integer, Long> endOffsets, Map<Integer, Long> lag) {}

    /**
     * Shows the sink's memory budget (docs/sizing.md), read when scraped.
     *
     * @param reserved the bytes granted to sink jobs and not given back yet
     * @param budget   the bytes they may hold at once
     */
    default void sinkMemory(LongSupplier reserved, long budget) {}

    /** A sink job waited this long for its share of the memory budget; zero when it was granted at once. */
    default void sinkMemoryWait(Duration waited) {}

    /**
     * A reconcile pass went on: what it did since it last reported.
     *
     * @param listed    input and output objects listed
     * @param compared  objects compared
     * @param outOfSync of those, found out of sync, by cause
     * @param records   reconcile records written
     */
    default void reconcileProgress(long listed, long compared, Map<Cause, Long> outOfSync, long records) {}

    /**
     * A reconcile pass ended.
     *
     * @param completed whether it went through every location; false when it failed or was handed over
     */
    default void reconcilePassEnded(Instant at, Duration took, boolean completed) {}

    /** Shows whether this instance runs a reconcile pass now, read when scraped. */
    default void reconcileRunning(BooleanSupplier running) {}

    /** Shows how often reconcile passes start ({@code SEQGATE_RECONCILE_INTERVAL}), so that an alert can tell an overdue pass. */
    default void reconcileInterval(Duration interval) {}

    /**
     * Shows, read when scraped, how long the most stalled task of this instance has gone without
     * completing a call of the asynchronous sink it started (docs/async-sink.md, "Liveness").
     */
    default void sinkStall(Supplier<Duration> longest) {}

    /** Measures nothing. */
    static SeqgateMetrics none() {
        return NoMetrics.INSTANCE;
    }
}
