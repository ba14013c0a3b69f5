package io.seqgate.streams;

import io.seqgate.event.Location;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SeqgateTopology} is built from: only the settings the topology itself reads, so that
 * the stream layer knows nothing of how seqgate is configured (the runtime derives them from the
 * configuration, as it derives the sink's settings).
 *
 * @param topics            the input, outcomes and dead-letter topics
 * @param inputPartitioning how the input's producer placed keys on partitions; the repartition
 *                          places rekeyed events the same way (docs/design.md §3)
 * @param coordination      false for the naive baseline: no gate, no repartition
 * @param stateRetention    how long the gate keeps an object's highest sequencer after its last event
 * @param purgeInterval     how often the gate purges entries older than the retention
 * @param inputLocations    where input may come from; empty for any bucket
 * @param output            where the sink writes, so that its own output notifications are ignored;
 *                          null when there is no sink
 * @param instanceId        this instance's name, written into every outcome
 * @param asyncSink         run the sink on the instance's workers ({@link io.seqgate.streams.async.KeyOrderedSink} or
 *                          {@link io.seqgate.streams.async.UnorderedSink}) rather than on the stream thread
 */
public record TopologySettings(
        Topics topics,
        KeyPartitioning inputPartitioning,
        boolean coordination,
        Duration stateRetention,
        Duration purgeInterval,
        List<Location> inputLocations,
        Location output,
        String instanceId,
        boolean asyncSink) {

    public TopologySettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(inputPartitioning, "inputPartitioning");
        Objects.requireNonNull(stateRetention, "stateRetention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(instanceId, "instanceId");
        inputLocations = List.copyOf(inputLocations);
    }

    /**
     * The three topics seqgate reads and writes.
     *
     * @param input     S3 notifications ({@code SEQGATE_INPUT_TOPIC})
     * @param outcomes  one outcome per event ({@code SEQGATE_OUTCOMES_TOPIC})
     * @param deadLetters unparseable messages and FAILED events ({@code SEQGATE_DLQ_TOPIC})
     */
    public record Topics(String input, String outcomes, String deadLetters) {

        /** The default names (docs/configuration.md). */
        public static final Topics DEFAULT = new Topics(Names.INPUT_TOPIC, Names.OUTCOMES_TOPIC, Names.DLQ_TOPIC);

        public Topics {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(outcomes, "outcomes");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }
}
