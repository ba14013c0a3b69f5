package io.seqgate.bench;

import io.seqgate.config.SinkExecution;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    static final SinkVariant ASYNC = new SinkVariant(
            "async",
            "asynchronous: a pool of " + SinkExecution.DEFAULT_CONCURRENCY + " workers beside the stream threads, "
                    + "one job per object at a time, a newer event replacing a queued one",
            Map.of(
                    "SEQGATE_SINK_MODE",
                    "async",
                    "SEQGATE_SINK_CONCURRENCY",
                    String.valueOf(SinkExecution.DEFAULT_CONCURRENCY),
                    "SEQGATE_SINK_MAX_PENDING",
                    String.valueOf(SinkExecution.DEFAULT_MAX_PENDING)),
            SinkExecution.DEFAULT_CONCURRENCY);

    /** Every sink this build has, the old one first: a section's targets are the last one's. */
    static List<SinkVariant> all() {
        return List.of(SYNC, ASYNC);
    }

    /** How many objects this sink works on at once with {@code streamThreads} stream threads. */
    int concurrency(int streamThreads) {
        return workers > 0 ? workers : streamThreads;
    }
}
