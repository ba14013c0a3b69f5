package io.seqgate.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sink the bench puts side by side: its name in the tables and the processor settings that select it.
 *
 * @param name        short name, as {@code --sinks} takes it
 * @param description what it is, for the report
 * @param settings    {@code SEQGATE_*} settings that select it, added to the processor's environment
 */
record SinkVariant(String name, String description, Map<String, String> settings) {

    SinkVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        settings = Map.copyOf(settings);
    }

    /** Today's sink: S3 calls and the transform on the stream thread, one object at a time per thread. */
    static final SinkVariant SYNC = new SinkVariant("sync",
            "synchronous: the sink runs on the stream thread, one object at a time per partition", Map.of());

    /** Every sink this build has, in report order. */
    static List<SinkVariant> all() {
        return List.of(SYNC);
    }

    /**
     * How many objects this sink works on at once with {@code streamThreads} stream threads: the
     * synchronous sink one per thread.
     */
    int concurrency(int streamThreads) {
        return streamThreads;
    }
}
