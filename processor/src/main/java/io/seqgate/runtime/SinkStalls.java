package io.seqgate.runtime;

import io.seqgate.streams.async.SinkProgress;
import io.seqgate.streams.async.SinkProgress.Stall;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Whether a stream thread of this instance is stalled in the asynchronous sink, for {@code
 * /health/live} (docs/async-sink.md, "Liveness"): a task assigned here has had a sink call unfinished
 * — stuck, or failing again and again — for longer than the limit. The limit is
 * {@code max.poll.interval.ms}: one call waits at most for one place (one sink job, the sink's worst
 * case), and Kafka itself takes a consumer that has not polled for that long out of its group, so a
 * call that lasts longer is a fault, not a wait.
 */
final class SinkStalls {

    private final SinkProgress progress;
    private final Supplier<Set<TaskId>> assigned;
    private final LongSupplier clock;
    private final Duration limit;

    SinkStalls(SinkProgress progress, Supplier<Set<TaskId>> assigned, LongSupplier clock, Duration limit) {
        this.progress = progress;
        this.assigned = assigned;
        this.clock = clock;
        this.limit = limit;
    }

    /** For a running instance: its tasks as Kafka Streams has assigned them, and the wall clock. */
    static SinkStalls of(SinkProgress progress, KafkaStreams streams, Duration limit) {
        return new SinkStalls(progress, () -> activeTasks(streams), System::currentTimeMillis, limit);
    }

    private static Set<TaskId> activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .flatMap(Set::stream)
                .map(TaskMetadata::taskId)
                .collect(Collectors.toSet());
    }

    /** How long the most stalled assigned task has gone without completing a sink call it started. */
    Duration longest() {
        return progress.longest(assigned.get(), clock.getAsLong()).duration();
    }

    /** Why the instance is not live, or empty while no stall outlasts the limit. */
    Optional<String> stalled() {
        Stall stall = progress.longest(assigned.get(), clock.getAsLong());
        if (stall.duration().compareTo(limit) <= 0) {
            return Optional.empty();
        }
        return Optional.of("task " + stall.task() + " has not completed a sink call for "
                + stall.duration().toSeconds() + " s (limit " + limit.toSeconds() + " s, max.poll.interval.ms)"
                + (stall.failures() > 0 ? "; " + stall.failures() + " of its calls failed since" : ""));
    }
}
