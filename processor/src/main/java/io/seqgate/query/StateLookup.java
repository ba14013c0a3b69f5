package io.seqgate.query;

import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.Names;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.PendingWork;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * This instance's view of the {@code object-state} store: where a key lives (Streams metadata), and
 * reads of the local partitions (IQv2), active or standby. Anything Streams throws because it is
 * starting, rebalancing or closing becomes {@link StateUnavailableException}.
 */
public final class StateLookup {

    /** The store's key order: RocksDB compares the serialized keys, i.e. their UTF-8 bytes, unsigned. */
    public static final Comparator<String> KEY_ORDER =
            Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private final KafkaStreams streams;
    private final StreamPartitioner<String, Void> partitioner;
    private final String inputTopic;
    private final RestoringPartitions restoring;
    private final boolean pendingWork;

    /**
     * @param partitioning how the input was partitioned (docs/design.md §3): the store's task for a key is the
     *                     input partition this gives, so the owner lookup must use it too — Streams'
     *                     default (murmur2 of the serialized key) would name the wrong instance for
     *                     MinIO-partitioned input
     * @param inputTopic   the input topic, whose partition numbers are the store's
     * @param restoring    the partitions being restored, as the runner's restore listener sees them
     * @param pendingWork  whether the topology has the {@code pending-work} store (the asynchronous,
     *                     coordinated sink)
     */
    public StateLookup(
            KafkaStreams streams,
            KeyPartitioning partitioning,
            String inputTopic,
            RestoringPartitions restoring,
            boolean pendingWork) {
        this.streams = streams;
        this.partitioner = partitioning.streamPartitioner();
        this.inputTopic = inputTopic;
        this.restoring = restoring;
        this.pendingWork = pendingWork;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The partition of {@code storeKey} with its active and standby hosts. */
    public KeyQueryMetadata locate(String storeKey) {
        KeyQueryMetadata metadata =
                guarded(() -> streams.queryMetadataForKey(Names.STATE_STORE, storeKey, partitioner));
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost() == null) {
            throw new StateUnavailableException("no owner is known for partition of '" + storeKey + "' (rebalancing)");
        }
        return metadata;
    }

    /** Every instance of the application with the partitions it holds, as of the last rebalance. */
    public Collection<StreamsMetadata> instances() {
        return guarded(() -> streams.streamsMetadataForStore(Names.STATE_STORE));
    }

    /** Partitions of the store in {@code partitions} of the input topic. */
    public Set<Integer> storePartitions(Set<TopicPartition> partitions) {
        Set<Integer> out = new TreeSet<>();
        partitions.stream().filter(tp -> tp.topic().equals(inputTopic)).forEach(tp -> out.add(tp.partition()));
        return out;
    }

    /** Partitions whose tasks run here, active or standby (from the local threads, not the metadata). */
    public Set<Integer> localPartitions(boolean active) {
        Set<Integer> out = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            (active ? thread.activeTasks() : thread.standbyTasks())
                    .forEach(task -> out.addAll(storePartitions(task.topicPartitions())));
        }
        return out;
    }

    /** Changelog records each local store partition has yet to apply. Asks the brokers: not for every request. */
    public Map<Integer, Long> storeLag() {
        Map<Integer, Long> out = new TreeMap<>();
        Map<Integer, LagInfo> lags =
                guarded(() -> streams.allLocalStorePartitionLags()).get(Names.STATE_STORE);
        if (lags != null) {
            lags.forEach((partition, lag) -> out.put(partition, lag.offsetLag()));
        }
        return out;
    }

    /**
     * What reading one partition here found: the value (which may say "absent") when the partition is
     * here, and whether that was the active task; or why it is not here.
     */
    public record Read<T>(T value, boolean active, String notHere) {

        static <T> Read<T> found(T value, boolean active) {
            return new Read<>(value, active, null);
        }

        static <T> Read<T> missing(String why) {
            return new Read<>(null, false, why);
        }

        public boolean isHere() {
            return notHere == null;
        }
    }

    /**
     * Reads one key from the local task of {@code partition}.
     *
     * @param requireActive true: only an active, running task answers (IQv2 {@code requireActive()});
     *                      false: a standby or restoring task answers too
     */
    public Read<Optional<ObjectState>> get(String storeKey, int partition, boolean requireActive) {
        return get(Names.STATE_STORE, storeKey, partition, requireActive);
    }

    /**
     * Reads the events of one key whose sink jobs have not ended, from the local task of
     * {@code partition}, as {@link #get(String, int, boolean)} reads its state; always absent when the
     * topology keeps no pending work.
     */
    public Read<Optional<PendingWork>> pending(String storeKey, int partition, boolean requireActive) {
        if (!pendingWork) {
            return Read.found(Optional.empty(), isActiveHere(partition));
        }
        return get(Names.PENDING_STORE, storeKey, partition, requireActive);
    }

    private <V> Read<Optional<V>> get(String store, String storeKey, int partition, boolean requireActive) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(storeKey))
                .withPartitions(Set.of(partition));
        if (requireActive) {
            request = request.requireActive();
        }
        StateQueryRequest<V> query = request;
        QueryResult<V> result =
                guarded(() -> streams.query(query).getPartitionResults().get(partition));
        if (result == null || result.isFailure()) {
            return notHere(result, partition);
        }
        boolean active = isActiveHere(partition);
        if (active && restoring.contains(partition)) {
            return Read.missing("partition " + partition + " is still being restored here");
        }
        return Read.found(Optional.ofNullable(result.getResult()), active);
    }

    /**
     * Lists entries of one local partition whose keys start with {@code storePrefix}, after
     * {@code storeAfter} (exclusive, may be null), in key order, at most {@code max}.
     */
    public Read<List<KeyValue<String, ObjectState>>> list(
            int partition, String storePrefix, String storeAfter, int max, boolean requireActive) {
        String from = storeAfter != null && KEY_ORDER.compare(storeAfter, storePrefix) > 0 ? storeAfter : storePrefix;
        StateQueryRequest<KeyValueIterator<String, ObjectState>> request = StateQueryRequest.inStore(Names.STATE_STORE)
                .withQuery(RangeQuery.<String, ObjectState>withLowerBound(from))
                .withPartitions(Set.of(partition));
        if (requireActive) {
            request = request.requireActive();
        }
        StateQueryRequest<KeyValueIterator<String, ObjectState>> query = request;
        QueryResult<KeyValueIterator<String, ObjectState>> result =
                guarded(() -> streams.query(query).getPartitionResults().get(partition));
        if (result == null || result.isFailure()) {
            return notHere(result, partition);
        }
        boolean active = isActiveHere(partition);
        List<KeyValue<String, ObjectState>> entries = new ArrayList<>();
        try (KeyValueIterator<String, ObjectState> it = result.getResult()) {
            if (active && restoring.contains(partition)) {
                return Read.missing("partition " + partition + " is still being restored here");
            }
            while (it.hasNext() && entries.size() < max) {
                KeyValue<String, ObjectState> entry = guarded(it::next);
                if (!entry.key.startsWith(storePrefix)) {
                    break;
                }
                if (storeAfter == null || !entry.key.equals(storeAfter)) {
                    entries.add(entry);
                }
            }
        }
        return Read.found(entries, active);
    }

    private boolean isActiveHere(int partition) {
        return localPartitions(true).contains(partition);
    }

    private static <T> Read<T> notHere(QueryResult<?> result, int partition) {
        if (result == null) {
            return Read.missing("partition " + partition + " is not on this instance");
        }
        if (result.getFailureReason() == FailureReason.STORE_EXCEPTION) {
            throw new StateUnavailableException(
                    "store of partition " + partition + " failed: " + result.getFailureMessage());
        }
        return Read.missing(
                "partition " + partition + ": " + result.getFailureReason() + " " + result.getFailureMessage());
    }

    private interface StreamsCall<T> {
        T call();
    }

    /** Streams refuses queries while it starts, rebalances a store away, or closes: all mean "try again". */
    private static <T> T guarded(StreamsCall<T> call) {
        try {
            return call.call();
        } catch (InvalidStateStoreException e) {
            throw new StateUnavailableException("state store not queryable now (rebalancing?): " + e.getMessage(), e);
        } catch (StreamsException | IllegalStateException e) {
            throw new StateUnavailableException("Kafka Streams cannot answer now: " + e.getMessage(), e);
        }
    }
}
