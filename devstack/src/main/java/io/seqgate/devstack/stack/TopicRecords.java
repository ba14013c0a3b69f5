package io.seqgate.devstack.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic of the stack from the beginning, without a group, and keeps every committed
 * record it has seen: what a downstream reader of seqgate's transactional topics sees.
 */
public final class TopicRecords<K, V> implements AutoCloseable {

    private final CommittedReader<K, V> reader;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    /** Keys as strings (seqgate's keys are {@code bucket/key}), values through {@code values}. */
    public static <V> TopicRecords<String, V> of(String bootstrapServers, String topic, Deserializer<V> values) {
        return new TopicRecords<>(bootstrapServers, topic, new StringDeserializer(), values);
    }

    /** Keys and values as they were written, for checks of the raw bytes. */
    public static TopicRecords<byte[], byte[]> raw(String bootstrapServers, String topic) {
        return new TopicRecords<>(bootstrapServers, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public TopicRecords(String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
        reader = CommittedReader.of(bootstrapServers, topic, keys, values);
    }

    /**
     * Polls once and returns every record seen so far, in arrival order per partition: any prefix of
     * the topic, so only for conditions that are awaited.
     */
    public List<ConsumerRecord<K, V>> all() {
        reader.poll(Duration.ofMillis(100)).forEach(seen::add);
        return List.copyOf(seen);
    }

    /**
     * Polls until every partition is read up to its end as of this call (the last stable offset under
     * read_committed), and returns every record seen: the whole topic as it was, for counts and
     * assertions that are not awaited. A single poll may return nothing at all (the fetch still in
     * flight).
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<K, V>> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = reader.endOffsets();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reader.reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "not at the end of " + ends.keySet() + " (" + ends + ") after " + timeout);
            }
            reader.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        reader.close();
    }
}
