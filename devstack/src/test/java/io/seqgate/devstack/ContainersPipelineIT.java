package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.runtime.ProcessorRunner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;

/**
 * {@link GatedPipelineIT}'s uploads against the real thing: a Kafka container and MinIO with its own
 * Kafka notification target (real MinIO injects no duplicates or reordering on demand, so this checks
 * the pieces fit — message shape, keys, partitioning, conditional writes — more than the gate). Needs
 * a Docker engine; without one it is skipped, and the embedded-stack ITs cover the scenario.
 */
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "no Docker engine here: the Testcontainers (Kafka + MinIO) "
                + "pipeline test is skipped; GatedPipelineIT runs the same scenario on the embedded stack")
class ContainersPipelineIT {

    // The first MinIO release with correct If-None-Match: * (docs/design.md §5); Docker Hub no longer serves MinIO.
    private static final String MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    private static final int KEYS = 50;
    private static final int VERSIONS = 3;

    private static Network network;
    private static KafkaContainer kafka;
    private static GenericContainer<?> minio;
    private static S3Client s3;
    private static ProcessorRunner runner;

    @BeforeAll
    static void start(@TempDir Path stateDir) throws Exception {
        network = Network.newNetwork();
        kafka = new KafkaContainer(KAFKA_IMAGE)
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withListener("kafka:19092");
        kafka.start();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic("s3-events", 6, (short) 1),
                            new NewTopic("s3-events-outcomes", 6, (short) 1),
                            new NewTopic("s3-events-dlq", 6, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        minio = new GenericContainer<>(MINIO_IMAGE)
                .withNetwork(network)
                .withCommand("server", "/data")
                .withEnv("MINIO_ROOT_USER", "minioadmin")
                .withEnv("MINIO_ROOT_PASSWORD", "minioadmin")
                .withEnv("MINIO_NOTIFY_KAFKA_ENABLE_PRIMARY", "on")
                .withEnv("MINIO_NOTIFY_KAFKA_BROKERS_PRIMARY", "kafka:19092")
                .withEnv("MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY", "s3-events")
                .withEnv("MINIO_NOTIFY_KAFKA_QUEUE_DIR_PRIMARY", "/data/.notify-queue")
                .withExposedPorts(9000)
                .waitingFor(Wait.forHttp("/minio/health/ready").forPort(9000));
        minio.start();
        URI endpoint = URI.create("http://" + minio.getHost() + ":" + minio.getMappedPort(9000));
        s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", "minioadmin")))
                .build();
        s3.createBucket(b -> b.bucket("input"));
        s3.createBucket(b -> b.bucket("output"));
        // Like `mc event add … --event put,delete`: get events would turn seqgate's own reads into events.
        QueueConfiguration toKafka = QueueConfiguration.builder()
                .queueArn("arn:minio:sqs::PRIMARY:kafka")
                .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED)
                .build();
        s3.putBucketNotificationConfiguration(
                b -> b.bucket("input").notificationConfiguration(n -> n.queueConfigurations(toKafka)));

        SeqgateConfig config = SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_BOOTSTRAP_SERVERS", kafka.getBootstrapServers(),
                "SEQGATE_APPLICATION_ID", "containers-it",
                "SEQGATE_STATE_DIR", stateDir.toString(),
                "SEQGATE_INPUT_LOCATIONS", "input",
                "SEQGATE_OUTPUT_BUCKET", "output",
                "SEQGATE_S3_ENDPOINT", endpoint.toString(),
                "SEQGATE_S3_ACCESS_KEY", "minioadmin",
                "SEQGATE_S3_SECRET_KEY", "minioadmin",
                "SEQGATE_HTTP_PORT", "off"));
        runner = ProcessorRunner.forConfig(config);
        KafkaStreams streams = runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close(Duration.ofSeconds(30));
        }
        if (s3 != null) {
            s3.close();
        }
        if (minio != null) {
            minio.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyOutputIsTheInvertedNewestVersionWithMinioNotifications() {
        for (int n = 0; n < KEYS; n++) {
            int k = n;
            for (int v = 1; v <= VERSIONS; v++) {
                s3.putObject(
                        b -> b.bucket("input").key("containers-it/img" + k + ".png"),
                        RequestBody.fromBytes(Pictures.version(k, v)));
            }
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (int n = 0; n < KEYS; n++) {
                        assertThat(Pictures.samePixels(
                                        output("containers-it/img" + n + ".png"),
                                        TestImages.inverted(Pictures.version(n, VERSIONS))))
                                .as("output of img%d is the inverted version %d", n, VERSIONS)
                                .isTrue();
                    }
                });
    }

    private static byte[] output(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket("output").key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }
}
