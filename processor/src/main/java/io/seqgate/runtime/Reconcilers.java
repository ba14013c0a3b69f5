package io.seqgate.runtime;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.Reconciler;
import io.seqgate.sink.S3Calls;
import io.seqgate.sink.S3Clients;
import io.seqgate.sink.SinkSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds a {@link Reconciler} from the configuration, with the S3 client and producer it uses. */
public final class Reconcilers {

    /** A reconciler and what it holds open; closing closes its producer and S3 client. */
    public record Opened(Reconciler reconciler, Producer<byte[], byte[]> producer, S3Client s3)
            implements AutoCloseable {
        @Override
        public void close() {
            producer.close();
            s3.close();
        }
    }

    private Reconcilers() {}

    /**
     * A reconciler for the transform {@code config} chooses: outputs of another transform, or of another
     * version or setting of it, count as out of date.
     *
     * @param clientId the producer's client id, e.g. {@code seqgate-reconcile}
     * @throws IllegalStateException when the input topic is missing or Kafka does not answer
     * @throws io.seqgate.config.InvalidConfigException when the transform cannot be found or its settings are wrong
     */
    public static Opened open(SeqgateConfig config, SeqgateMetrics metrics, String clientId) {
        String identity;
        try (Transforms.Selected selected = Transforms.select(config)) {
            identity = selected.identity();
        }
        return open(config, identity, metrics, clientId);
    }

    /**
     * @param transformIdentity the identity of the transform the processors run ({@link Sinks.Built#transformIdentity()})
     * @param clientId          the producer's client id
     */
    static Opened open(SeqgateConfig config, String transformIdentity, SeqgateMetrics metrics, String clientId) {
        if (config.locations().output() == null) {
            throw new io.seqgate.config.InvalidConfigException(
                    java.util.List.of("SEQGATE_OUTPUT_BUCKET is required to reconcile"));
        }
        Properties props = StreamsProperties.of(config, java.time.Duration.ZERO);
        int partitions = InputTopic.partitions(config, props);
        SinkSettings settings = Sinks.settings(config);
        S3Client s3 = S3Clients.create(
                config.s3().connection(),
                config.s3().callTimeout(),
                config.s3().callTimeout(),
                S3Clients.DEFAULT_MAX_CONNECTIONS);
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(
                    producerConfig(props, clientId), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        Reconciler reconciler = new Reconciler(
                s3,
                S3Calls.withSettingsOf(settings, metrics),
                new Reconciler.Target(
                        config.locations().inputs(), settings.outputBucket(), settings::outputKey, transformIdentity),
                new Reconciler.Destination(
                        producer,
                        config.topics().input(),
                        partitions,
                        config.gate().inputPartitioning()),
                Clock.systemUTC());
        return new Opened(reconciler, producer, s3);
    }

    /** The producer settings Streams would use (so security settings passed through apply), not transactional. */
    private static Map<String, Object> producerConfig(Properties props, String clientId) {
        Map<String, Object> producer = new HashMap<>(new StreamsConfig(props).getProducerConfigs(clientId));
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return producer;
    }
}
