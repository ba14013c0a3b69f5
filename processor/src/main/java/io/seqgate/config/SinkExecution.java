package io.seqgate.config;

import java.time.Duration;
import java.util.Locale;

/**
 * How accepted events reach the sink (docs/configuration.md, docs/async-sink.md).
 *
 * @param mode        {@code SEQGATE_SINK_MODE}: {@link Mode#ASYNC} runs the sink on a pool of workers
 *                    beside the stream threads; {@link Mode#SYNC} runs it on the stream thread, inside
 *                    the Kafka transaction, one event at a time per task
 * @param concurrency {@code SEQGATE_SINK_CONCURRENCY}: workers of the pool, shared by all tasks of the
 *                    instance (async only), 1 to 1024. Each worker runs one job at a time, and a running
 *                    job holds one object in memory: its input bytes (up to
 *                    {@code SEQGATE_MAX_OBJECT_BYTES}), its decoded image (4 bytes a pixel, up to
 *                    {@code SEQGATE_MAX_PIXELS}) and its encoded output; {@code memory} bounds how many
 *                    of them large objects allow at once. The sink's S3 client pools one connection per
 *                    worker (at least 50)
 * @param maxPending  {@code SEQGATE_SINK_MAX_PENDING}: at most this many accepted events of the instance
 *                    are held at once, in the pool or queued behind a job of the same object; more
 *                    input waits in Kafka (async only)
 * @param linger      {@code SEQGATE_SINK_LINGER}: how long the job for an object with no job waits before
 *                    it goes to a worker, 0 to 10 s; a newer event for the object arriving meanwhile replaces
 *                    it, so a quick succession of writes to one object (the blog's cat, then dog) costs one
 *                    job, not two. Every object's latency grows by it (async with coordination only)
 * @param memory      {@code SEQGATE_SINK_MEMORY}: how much of the heap the sink's jobs may hold at once;
 *                    a job waits for its share rather than run out of heap (docs/sizing.md)
 */
public record SinkExecution(Mode mode, int concurrency, int maxPending, Duration linger, MemoryBudget memory) {

    /** Jobs start at once: no latency is traded for coalescing unless asked for. */
    public static final Duration DEFAULT_LINGER = Duration.ZERO;

    /** The most {@link #linger} may be: a lingering job holds a place, which a stream thread may be waiting for. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(10);

    /** Without a linger, with the default memory budget. */
    public SinkExecution(Mode mode, int concurrency, int maxPending) {
        this(mode, concurrency, maxPending, DEFAULT_LINGER);
    }

    /** With the default memory budget. */
    public SinkExecution(Mode mode, int concurrency, int maxPending, Duration linger) {
        this(mode, concurrency, maxPending, linger, MemoryBudget.DEFAULT);
    }

    /**
     * The sink's calls wait on S3 round trips, not on the CPU, so the pool is sized for waiting work
     * rather than for the cores. It stays modest because every running job may hold a large object
     * and its decoded image; deployments whose jobs are slow and small (I/O-bound) can configure more.
     */
    public static final int DEFAULT_CONCURRENCY = 32;

    /**
     * Eight events per worker: enough to keep every worker busy through a burst, few enough that a
     * backlog stays in Kafka rather than in memory, and that a restart has little to resume.
     */
    public static final int DEFAULT_MAX_PENDING = 8 * DEFAULT_CONCURRENCY;

    public enum Mode {
        ASYNC,
        SYNC;

        static Mode fromSetting(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "async" -> ASYNC;
                case "sync" -> SYNC;
                default -> throw new IllegalArgumentException("expected async or sync, got '" + value + "'");
            };
        }
    }

    public boolean async() {
        return mode == Mode.ASYNC;
    }

    /** For the log at start-up. */
    public String describe() {
        return (async()
                        ? "async, " + concurrency + " workers, at most " + maxPending + " pending events"
                                + (linger.isZero() ? "" : ", linger " + linger.toMillis() + " ms")
                        : "sync (on the stream thread)")
                + ", memory " + memory;
    }
}
