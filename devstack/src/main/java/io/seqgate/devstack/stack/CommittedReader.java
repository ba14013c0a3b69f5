package io.seqgate.devstack.stack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic's committed records from the beginning: what a downstream reader of seqgate's
 * transactional topics sees. Assigned, not subscribed: no consumer group, so reading starts at once and
 * there is nothing to rebalance or clean up.
 */
public final class CommittedReader<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;
    private final List<TopicPartition> partitions;

    private CommittedReader(
            Map<String, Object> config,
            Deserializer<K> keys,
            Deserializer<V> values,
            Function<KafkaConsumer<K, V>, List<TopicPartition>> partitions) {
        consumer = new KafkaConsumer<>(config, keys, values);
        try {
            this.partitions = partitions.apply(consumer);
            consumer.assign(this.partitions);
            consumer.seekToBeginning(this.partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Every partition of {@code topic}. */
    public static <K, V> CommittedReader<K, V> of(
            String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return new CommittedReader<>(config(bootstrapServers, null), keys, values, everyPartition(topic));
    }

    /** Every partition of {@code topic}, as client {@code clientId} (the name the broker's logs and metrics use). */
    public static <K, V> CommittedReader<K, V> named(
            String clientId, String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return new CommittedReader<>(config(bootstrapServers, clientId), keys, values, everyPartition(topic));
    }

    /** One partition only. */
    public static <K, V> CommittedReader<K, V> ofPartition(
            String bootstrapServers, TopicPartition partition, Deserializer<K> keys, Deserializer<V> values) {
        return new CommittedReader<>(config(bootstrapServers, null), keys, values, consumer -> List.of(partition));
    }

    private static Map<String, Object> config(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // seqgate writes outcomes and state in transactions; count only committed ones.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (clientId != null) {
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        return config;
    }

    private static <K, V> Function<KafkaConsumer<K, V>, List<TopicPartition>> everyPartition(String topic) {
        return consumer -> consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    /** The records that arrived since the last poll, waiting up to {@code timeout} for some. */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        return consumer.poll(timeout);
    }

    /** The end of each partition now: under read_committed, its last stable offset. */
    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    /** Whether every partition is read up to {@code ends} ({@link #endOffsets()} at some earlier moment). */
    public boolean reached(Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** Makes a {@link #poll} in progress on another thread throw {@code WakeupException}. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
