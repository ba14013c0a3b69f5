package io.seqgate.bench;

import io.seqgate.config.SinkExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sink the bench puts side by side: its name in the tables and the processor settings that select it.
 *
 * @param name        short name, as {@code --sinks} takes it
 * @param description what it is, for the report
 * @param settings    {@code SEQGATE_*} settings that select it, added to the processor's environment
 * @param workers     objects it works on at once, independent of the stream threads; 0 when that is
 *                    one per stream thread
 */
record SinkVariant(String name, String description, Map<String, String> settings, int workers) {

    SinkVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        settings = Map.copyOf(settings);
    }

    /** The sink as it was before issue 10: on the stream thread, one object at a time per task. */
    static final SinkVariant SYNC = new SinkVariant(
            "sync",
            "synchronous: on the stream thread, inside the Kafka transaction, one object at a time per task",
            Map.of("SEQGATE_SINK_MODE", "sync"),
            0);

    /** The asynchronous sink with its default pool. */
    static final SinkVariant ASYNC = async(
            "async",
            "asynchronous: a pool of " + SinkExecution.DEFAULT_CONCURRENCY + " workers beside the stream threads, "
                    + "one job per object at a time, a newer event replacing a queued one",
            SinkExecution.DEFAULT_CONCURRENCY);

    /** Workers of {@link #ASYNC_WIDE}: enough for the slow section's ideal bounds to differ by 10 × or more. */
    static final int WIDE_WORKERS = 128;

    /**
     * Linger of {@link #ASYNC_WIDE}: longer than the gap between the cat's and the dog's notification of
     * one upload thread (one PUT, 5–50 ms here), so the dog replaces the cat before a worker takes it.
     */
    static final String WIDE_LINGER = "100ms";

    /**
     * The asynchronous sink configured for many slow, small objects, as a user with I/O-bound jobs
     * would: {@value #WIDE_WORKERS} workers and eight pending events per worker, as the default. Only
     * the slow section runs it, after {@link #ASYNC}; it is not one of {@link #all()}.
     */
    static final SinkVariant ASYNC_WIDE = async(
            "async-" + WIDE_WORKERS,
            "the asynchronous sink with SEQGATE_SINK_CONCURRENCY=" + WIDE_WORKERS + ", SEQGATE_SINK_MAX_PENDING="
                    + 8 * WIDE_WORKERS + " and SEQGATE_SINK_LINGER=" + WIDE_LINGER
                    + " (slow objects only: a pool sized for slow, small, I/O-bound jobs, and a linger for "
                    + "bursts of writes to one object)",
            WIDE_WORKERS,
            WIDE_LINGER);

    private static SinkVariant async(String name, String description, int workers) {
        return async(name, description, workers, null);
    }

    private static SinkVariant async(String name, String description, int workers, String linger) {
        Map<String, String> settings = new TreeMap<>(Map.of(
                "SEQGATE_SINK_MODE",
                "async",
                "SEQGATE_SINK_CONCURRENCY",
                String.valueOf(workers),
                "SEQGATE_SINK_MAX_PENDING",
                String.valueOf(8 * workers)));
        if (linger != null) {
            settings.put("SEQGATE_SINK_LINGER", linger);
        }
        return new SinkVariant(name, description, settings, workers);
    }

    /** Every sink {@code --sinks} chooses from, the old one first: a section's targets are the last one's. */
    static List<SinkVariant> all() {
        return List.of(SYNC, ASYNC);
    }

    /**
     * The sinks the slow section compares: {@code chosen}, with {@link #ASYNC_WIDE} right after
     * {@link #ASYNC} when that is chosen.
     */
    static List<SinkVariant> widened(List<SinkVariant> chosen) {
        List<SinkVariant> sinks = new ArrayList<>();
        for (SinkVariant sink : chosen) {
            sinks.add(sink);
            if (sink.equals(ASYNC) && !chosen.contains(ASYNC_WIDE)) {
                sinks.add(ASYNC_WIDE);
            }
        }
        return List.copyOf(sinks);
    }

    /** How many objects this sink works on at once with {@code streamThreads} stream threads. */
    int concurrency(int streamThreads) {
        return workers > 0 ? workers : streamThreads;
    }
}
