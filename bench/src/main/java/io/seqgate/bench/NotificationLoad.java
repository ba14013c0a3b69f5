package io.seqgate.bench;

import io.seqgate.devstack.stack.MinioEventFormat;
import io.seqgate.devstack.stack.ObjectChange;
import io.seqgate.streams.KeyPartitioning;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes MinIO-shaped notifications straight to the input topic, keyed and partitioned as MinIO's
 * Kafka target does, without an S3 upload behind each: the load for the sections that measure the
 * gate alone. The sequencers rise with every message, so every event is newer than the last one
 * of its object.
 */
final class NotificationLoad {

    static final String BUCKET = "input";
    static final String CONTENT_TYPE = "image/png";
    private static final long OBJECT_SIZE = 840;

    private NotificationLoad() {}

    /** The object key of object {@code n}. */
    static String key(int n) {
        return String.format(Locale.ROOT, "photos/%07d.png", n);
    }

    /**
     * Sends {@code eventsPerKey} create events for each of {@code keys} objects, round by round (every
     * object's first event, then every object's second, ...), and returns how many were sent.
     *
     * @throws IllegalStateException when any send failed: a section would otherwise wait for outcomes
     *     of events that never reached the topic, and report a slow gate instead of a lost load
     */
    static long produce(
            String bootstrapServers, String topic, int partitions, int keys, int eventsPerKey, PrintStream out) {
        MinioEventFormat format = new MinioEventFormat("minioadmin", "http://127.0.0.1:9000");
        Random random = new Random(42);
        long epochNanos = System.currentTimeMillis() * 1_000_000L;
        long total = (long) keys * eventsPerKey;
        long sent = 0;
        long lastReport = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        Callback countFailure = (metadata, e) -> {
            if (e != null && failed.getAndIncrement() == 0) {
                firstFailure.set(e);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "seqgate-bench-load",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        // Keeps a million notifications to a few hundred MB on disk; every reader pays the same
                        // decompression.
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] eTag = new byte[16];
            for (int round = 0; round < eventsPerKey; round++) {
                for (int n = 0; n < keys; n++) {
                    random.nextBytes(eTag);
                    ObjectChange change = new ObjectChange(
                            BUCKET,
                            key(n),
                            ObjectChange.Operation.PUT,
                            OBJECT_SIZE,
                            HexFormat.of().formatHex(eTag),
                            CONTENT_TYPE,
                            Map.of(),
                            null,
                            Map.of());
                    epochNanos += 1_000;
                    byte[] kafkaKey = MinioEventFormat.kafkaKey(change).getBytes(StandardCharsets.UTF_8);
                    // The callback sees every failure; keeping a million futures would only cost memory.
                    Future<RecordMetadata> unused = producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    KeyPartitioning.MINIO_FNV1A.partition(kafkaKey, partitions),
                                    kafkaKey,
                                    format.value(change, epochNanos, epochNanos).getBytes(StandardCharsets.UTF_8)),
                            countFailure);
                    sent++;
                    if (System.nanoTime() - lastReport > 5_000_000_000L) {
                        lastReport = System.nanoTime();
                        out.printf(Locale.ROOT, "    produced %,d of %,d notifications%n", sent, total);
                    }
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    String.format(Locale.ROOT, "%,d of %,d notifications could not be sent", failed.get(), sent),
                    firstFailure.get());
        }
        return sent;
    }

    /** One notification message as MinIO's Kafka target sends it, for the in-process benchmarks. */
    static byte[] message(int n, long epochNanos) {
        ObjectChange change = new ObjectChange(
                BUCKET,
                key(n),
                ObjectChange.Operation.PUT,
                OBJECT_SIZE,
                "9b2cf535f27731c974343645a3985328",
                CONTENT_TYPE,
                Map.of(),
                null,
                Map.of());
        return new MinioEventFormat("minioadmin", "http://127.0.0.1:9000")
                .value(change, epochNanos, epochNanos)
                .getBytes(StandardCharsets.UTF_8);
    }
}
