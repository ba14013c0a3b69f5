package io.seqgate.query;

import io.seqgate.streams.Names;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which partitions of {@code object-state} are being restored into an active task here. Kafka Streams
 * restores on a separate thread while the stream thread is already RUNNING, and IQv2's
 * {@code requireActive()} only checks the thread: a half-restored store would answer "no such key"
 * for a key it is about to get back. Queries of these partitions answer 503 instead.
 */
public final class RestoringPartitions implements StateRestoreListener {

    private final Set<Integer> restoring = ConcurrentHashMap.newKeySet();

    boolean contains(int partition) {
        return restoring.contains(partition);
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String storeName, long startingOffset, long endingOffset) {
        if (storeName.equals(Names.STATE_STORE)) {
            restoring.add(changelog.partition());
        }
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String storeName, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition changelog, String storeName, long totalRestored) {
        restoring.remove(changelog.partition());
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String storeName, long totalRestored) {
        restoring.remove(changelog.partition());
    }
}
