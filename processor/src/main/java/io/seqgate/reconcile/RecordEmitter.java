package io.seqgate.reconcile;

import io.seqgate.event.ReconcileRecords;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.streams.KeyPartitioning;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes reconcile records to the input topic, keyed {@code bucket/key} and on the partition the input's
 * producer would choose for that key ({@code SEQGATE_INPUT_PARTITIONER}), so that a record reaches the
 * task that holds the object's state and is ordered against its live events (docs/reconcile.md).
 */
final class RecordEmitter {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final KeyPartitioning partitioning;
    private final Clock clock;
    private final LongAdder emitted = new LongAdder();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param partitions the input topic's partition count
     */
    RecordEmitter(
            Producer<byte[], byte[]> producer,
            String topic,
            int partitions,
            KeyPartitioning partitioning,
            Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.partitioning = partitioning;
        this.clock = clock;
    }

    /**
     * Sends the record for one object; {@link #flush} reports whether it arrived.
     *
     * @param input the input as listed, or null when it is gone
     */
    void emit(String bucket, String key, Cause cause, ListedObject input) {
        byte[] recordKey = (bucket + "/" + key).getBytes(StandardCharsets.UTF_8);
        byte[] value = ReconcileRecords.message(
                bucket,
                key,
                cause,
                input == null ? null : input.eTag(),
                input == null ? null : input.versionId(),
                input == null || input.size() < 0 ? null : input.size(),
                clock.instant());
        int partition = partitioning.partition(recordKey, partitions);
        // The callback records the outcome, which flush() reports; the future adds nothing.
        var unused = producer.send(new ProducerRecord<>(topic, partition, recordKey, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                emitted.increment();
            }
        });
    }

    /**
     * Waits until every record sent so far is written.
     *
     * @throws IllegalStateException when one could not be written
     */
    void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("cannot write reconcile records to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Records written so far. */
    long emitted() {
        return emitted.sum();
    }
}
