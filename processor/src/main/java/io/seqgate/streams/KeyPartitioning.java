package io.seqgate.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * How the producer of the input topic chose a partition for a key. Everything that must find "the
 * partition of key K" — the repartition that meets the direct records in the same task, routing of
 * state queries, test producers replaying captured messages — has to use the same rule, or it looks
 * in the wrong task (docs/design.md §3, "Partitioning of the input").
 */
public enum KeyPartitioning {

    /** Kafka's Java clients: murmur2 of the key bytes, made positive, modulo the partition count. */
    KAFKA_DEFAULT {
        @Override
        public int partition(byte[] keyBytes, int numPartitions) {
            return Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions;
        }
    },

    /**
     * MinIO's Kafka target: sarama's default hash partitioner, FNV-1a 32-bit of the key bytes,
     * {@code int32(hash) % n}, negated when negative (sarama {@code hashPartitioner} without
     * {@code referenceAbs}).
     */
    MINIO_FNV1A {
        @Override
        public int partition(byte[] keyBytes, int numPartitions) {
            int partition = fnv1a32(keyBytes) % numPartitions;
            return partition < 0 ? -partition : partition;
        }
    };

    public abstract int partition(byte[] keyBytes, int numPartitions);

    public int partition(String key, int numPartitions) {
        return partition(key.getBytes(StandardCharsets.UTF_8), numPartitions);
    }

    /**
     * This rule as Kafka Streams wants it: the topology's repartition places rekeyed events exactly
     * where the input's producer placed records of the same key, and state queries locate a key's
     * task with it ({@code queryMetadataForKey}).
     */
    public <V> StreamPartitioner<String, V> streamPartitioner() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(partition(key, numPartitions)));
    }

    static int fnv1a32(byte[] bytes) {
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** Parses a setting value: {@code kafka} or {@code minio} (case-insensitive). */
    public static KeyPartitioning fromSetting(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "kafka", "murmur2", "kafka_default" -> KAFKA_DEFAULT;
            case "minio", "fnv1a", "minio_fnv1a" -> MINIO_FNV1A;
            default -> throw new IllegalArgumentException("expected 'kafka' or 'minio', got '" + value + "'");
        };
    }
}
