package io.seqgate.devstack.stack;

import io.seqgate.streams.Names;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole dev environment in one JVM (docs/design.md §5, "Embedded"): a Kafka broker with seqgate's topics, an
 * S3 server with an input and an output bucket, and a notifier that publishes MinIO-shaped events for
 * the input bucket, as {@code mc event add input ... --event put,delete} would.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    public static final String INPUT_BUCKET = "input";
    public static final String OUTPUT_BUCKET = "output";
    public static final int INPUT_PARTITIONS = 6;

    /** What to start; see {@link #builder()} for the defaults. */
    public record Config(
            EmbeddedKafka.Config kafka,
            EmbeddedS3.Config s3,
            String inputTopic,
            int inputPartitions,
            String outcomesTopic,
            String dlqTopic,
            String inputBucket,
            String outputBucket,
            boolean versionedInput,
            DeliveryFaults faults,
            Optional<Consumer<CapturedMessage>> capture) {
        public Config {
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(s3, "s3");
            Objects.requireNonNull(inputTopic, "inputTopic");
            Objects.requireNonNull(outcomesTopic, "outcomesTopic");
            Objects.requireNonNull(dlqTopic, "dlqTopic");
            Objects.requireNonNull(inputBucket, "inputBucket");
            Objects.requireNonNull(outputBucket, "outputBucket");
            Objects.requireNonNull(faults, "faults");
            capture = capture == null ? Optional.empty() : capture;
            if (inputPartitions < 1) {
                throw new IllegalArgumentException("inputPartitions must be at least 1, got " + inputPartitions);
            }
            if (inputBucket.equals(outputBucket)) {
                throw new IllegalArgumentException("inputBucket and outputBucket are both " + inputBucket);
            }
            if (versionedInput && s3.dataDir().isPresent()) {
                throw new IllegalArgumentException("versionedInput needs the in-memory S3 store (no dataDir)");
            }
        }
    }

    /** Defaults: free ports, temporary Kafka data, in-memory S3, the topic and bucket names above, no faults. */
    public static Builder builder() {
        return new Builder();
    }

    private final Config config;
    private final EmbeddedKafka kafka;
    private final MinioNotifier notifier;
    private final EmbeddedS3 s3;

    private DevStack(Config config, EmbeddedKafka kafka, MinioNotifier notifier, EmbeddedS3 s3) {
        this.config = config;
        this.kafka = kafka;
        this.notifier = notifier;
        this.s3 = s3;
    }

    /** Starts Kafka, creates the topics, starts S3 with the notifier, creates and subscribes the buckets. */
    public static DevStack start(Config config) {
        long started = System.nanoTime();
        Deque<AutoCloseable> startedParts = new ArrayDeque<>();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(config.kafka());
            startedParts.push(kafka);
            kafka.createTopic(config.inputTopic(), config.inputPartitions());
            kafka.createTopic(config.outcomesTopic(), config.inputPartitions());
            kafka.createTopic(config.dlqTopic(), config.inputPartitions());

            // The S3 port is fixed before the server starts, so the notifier can name it as the origin.
            EmbeddedS3.Config s3Config =
                    config.s3().withPort(LoopbackPorts.resolve(config.s3().port()));
            MinioNotifier notifier = new MinioNotifier(new MinioNotifier.Config(
                    kafka.bootstrapServers(),
                    config.inputTopic(),
                    s3Config.accessKey(),
                    "http://127.0.0.1:" + s3Config.port(),
                    config.faults(),
                    config.capture()));
            startedParts.push(notifier);
            EmbeddedS3 s3 = EmbeddedS3.start(s3Config, notifier);
            startedParts.push(s3);
            s3.createBucket(config.inputBucket());
            s3.createBucket(config.outputBucket());
            if (config.versionedInput()) {
                s3.enableVersioning(config.inputBucket());
            }
            s3.subscribe(config.inputBucket());
            log.info(
                    "Dev stack ready in {} ms: kafka {}, s3 {}, notifications of bucket '{}' to topic '{}'{}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    kafka.bootstrapServers(),
                    s3.endpoint(),
                    config.inputBucket(),
                    config.inputTopic(),
                    config.faults().enabled() ? " with faults " + config.faults() : "");
            return new DevStack(config, kafka, notifier, s3);
        } catch (RuntimeException e) {
            closeAll(startedParts, e);
            throw e;
        }
    }

    public Config config() {
        return config;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public String accessKey() {
        return s3.accessKey();
    }

    public String secretKey() {
        return s3.secretKey();
    }

    public String inputTopic() {
        return config.inputTopic();
    }

    public String inputBucket() {
        return config.inputBucket();
    }

    public String outputBucket() {
        return config.outputBucket();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public MinioNotifier notifier() {
        return notifier;
    }

    /**
     * MinIO's operations that S3Proxy lacks — tagging, retention, legal hold, ILM expiry of all versions —
     * done on the S3 server's store with the notification MinIO would publish for each.
     */
    public MinioOperations minio() {
        return s3.minio();
    }

    /**
     * The settings a seqgate processor needs to run against this stack, as {@code SEQGATE_*}
     * variables: add an application id, instance id and state dir, then {@code SeqgateConfig.fromEnv}.
     * The input is MinIO-partitioned, like the notifier's records. The HTTP API listens on loopback
     * only, on a free port (set {@code SEQGATE_HTTP_PORT} to fix one).
     */
    public Map<String, String> processorSettings() {
        Map<String, String> env = new HashMap<>();
        env.put("SEQGATE_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("SEQGATE_INPUT_TOPIC", config.inputTopic());
        env.put("SEQGATE_OUTCOMES_TOPIC", config.outcomesTopic());
        env.put("SEQGATE_DLQ_TOPIC", config.dlqTopic());
        env.put("SEQGATE_INPUT_PARTITIONER", "minio");
        env.put("SEQGATE_INPUT_LOCATIONS", config.inputBucket());
        env.put("SEQGATE_OUTPUT_BUCKET", config.outputBucket());
        env.put("SEQGATE_S3_ENDPOINT", s3Endpoint().toString());
        env.put("SEQGATE_S3_ACCESS_KEY", accessKey());
        env.put("SEQGATE_S3_SECRET_KEY", secretKey());
        env.put("SEQGATE_HTTP_BIND", "127.0.0.1");
        env.put("SEQGATE_HTTP_PORT", "0");
        return env;
    }

    /** A client for the S3 server; the caller closes it. */
    public S3Client newS3Client() {
        return s3.newS3Client();
    }

    /** Stops S3, then the notifier (after it sent what it holds), then Kafka. */
    @Override
    public void close() {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(kafka);
        parts.push(notifier);
        parts.push(s3);
        RuntimeException failure = new IllegalStateException("dev stack did not close cleanly");
        closeAll(parts, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
        log.info("Dev stack stopped");
    }

    /** Closes in stack order; every failure is logged and added to {@code failure} as suppressed. */
    private static void closeAll(Deque<AutoCloseable> parts, RuntimeException failure) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.error("Closing {} failed", part.getClass().getSimpleName(), e);
                failure.addSuppressed(e);
            }
        }
    }

    public static final class Builder {
        private EmbeddedKafka.Config kafka = EmbeddedKafka.Config.defaults();
        private EmbeddedS3.Config s3 = EmbeddedS3.Config.defaults();
        private String inputTopic = Names.INPUT_TOPIC;
        private int inputPartitions = INPUT_PARTITIONS;
        private String outcomesTopic = Names.OUTCOMES_TOPIC;
        private String dlqTopic = Names.DLQ_TOPIC;
        private String inputBucket = INPUT_BUCKET;
        private String outputBucket = OUTPUT_BUCKET;
        private boolean versionedInput;
        private DeliveryFaults faults = DeliveryFaults.none();
        private Consumer<CapturedMessage> capture;

        private Builder() {}

        public Builder kafka(EmbeddedKafka.Config value) {
            this.kafka = value;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafka = kafka.withBrokerPort(port);
            return this;
        }

        public Builder kafkaDataDir(Path dir) {
            this.kafka = kafka.withDataDir(dir);
            return this;
        }

        public Builder s3(EmbeddedS3.Config value) {
            this.s3 = value;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3 = s3.withPort(port);
            return this;
        }

        public Builder s3DataDir(Path dir) {
            this.s3 = s3.withDataDir(dir);
            return this;
        }

        public Builder topics(String input, String outcomes, String dlq) {
            this.inputTopic = input;
            this.outcomesTopic = outcomes;
            this.dlqTopic = dlq;
            return this;
        }

        public Builder inputPartitions(int value) {
            this.inputPartitions = value;
            return this;
        }

        public Builder buckets(String input, String output) {
            this.inputBucket = input;
            this.outputBucket = output;
            return this;
        }

        public Builder versionedInput(boolean value) {
            this.versionedInput = value;
            return this;
        }

        public Builder faults(DeliveryFaults value) {
            this.faults = value;
            return this;
        }

        public Builder capture(Consumer<CapturedMessage> value) {
            this.capture = value;
            return this;
        }

        public Config build() {
            return new Config(
                    kafka,
                    s3,
                    inputTopic,
                    inputPartitions,
                    outcomesTopic,
                    dlqTopic,
                    inputBucket,
                    outputBucket,
                    versionedInput,
                    faults,
                    Optional.ofNullable(capture));
        }

        public DevStack start() {
            return DevStack.start(build());
        }
    }
}
