package io.seqgate.devstack.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic of the stack from the beginning, without a group, and keeps every committed
 * record it has seen: what a downstream reader of seqgate's transactional topics sees.
 */
public final class TopicRecords<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;
    private final List<TopicPartition> partitions;
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
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // seqgate writes outcomes in transactions; count only committed ones.
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                keys,
                values);
        partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls once and returns every record seen so far, in arrival order per partition: any prefix of
     * the topic, so only for conditions that are awaited.
     */
    public List<ConsumerRecord<K, V>> all() {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
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
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not at the end of " + partitions + " (" + ends + ") after " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
