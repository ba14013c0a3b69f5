package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.MinioOperations;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * The event kinds MinIO sends under {@code s3:ObjectCreated:*} and {@code s3:ObjectRemoved:*} beside plain
 * creates and deletes — metadata changes, ILM expiry, no-op deletes — published by the dev stack as MinIO
 * publishes them ({@link MinioOperations}) into a versioned bucket, through a real broker to a seqgate
 * processor. The output must always show the input's newest version, or not exist.
 */
@ExtendWith(DevStackExtension.class)
class MinioEventKindsIT {

    private static final String BUCKET = "kinds";
    private static final String PREFIX = "kinds-it/";
    private static final String SUPERSEDED_KEY = PREFIX + "superseded.png";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static DevStack stack;
    private static S3Client s3;
    private static KafkaProducer<String, String> producer;
    private static RunningProcessor processor;

    private TopicReader outcomes;

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        // Every message exactly once and in order: the tests count outcomes per object.
        stack.notifier().setFaults(DeliveryFaults.none());
        s3 = stack.newS3Client();
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
        stack.s3().createBucket(BUCKET);
        stack.s3().enableVersioning(BUCKET);
        stack.s3().subscribe(BUCKET);
        // Both versions exist before the processor reads the first one's event: that event then names a
        // version that is no longer the current one.
        put(SUPERSEDED_KEY, 1);
        put(SUPERSEDED_KEY, 2);
        try (TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic())) {
            await().atMost(WAIT).until(() -> input.records(kafkaKey(SUPERSEDED_KEY)::equals), r -> r.size() == 2);
        }
        processor = RunningProcessor.start(
                stack, "kinds-it", "kinds-it-1", stateDir, Map.of("SEQGATE_INPUT_LOCATIONS", BUCKET));
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
        producer.close();
        s3.close();
    }

    @BeforeEach
    void readOutcomes() {
        outcomes = new TopicReader(
                stack.bootstrapServers(), processor.config.topics().outcomes());
    }

    @AfterEach
    void stopReading() {
        outcomes.close();
    }

    @Test
    void retentionOnAnOldVersionIsIgnoredAndTheOutputStaysTheNewestVersion() {
        String key = PREFIX + "retention.png";
        String v1 = putNewest(key, 1);
        putNewest(key, 2);

        stack.minio()
                .putRetention(
                        BUCKET,
                        key,
                        v1,
                        ObjectLockRetentionMode.GOVERNANCE,
                        Instant.now().plusSeconds(86_400));

        assertThat(awaitOutcomes(key, 3).get(2))
                .extracting(Outcome::event, Outcome::decision)
                .containsExactly("ObjectCreated:PutRetention", Decision.IGNORED);
        assertThat(Pictures.samePixels(output(key), TestImages.inverted(Pictures.version(0, 2))))
                .as("output is the inverted version 2")
                .isTrue();
    }

    @Test
    void legalHoldOnAnOldVersionIsIgnored() {
        String key = PREFIX + "legal-hold.png";
        String v1 = putNewest(key, 1);
        putNewest(key, 2);

        stack.minio().putLegalHold(BUCKET, key, v1, ObjectLockLegalHoldStatus.ON);

        assertThat(awaitOutcomes(key, 3).get(2))
                .extracting(Outcome::event, Outcome::decision)
                .containsExactly("ObjectCreated:PutLegalHold", Decision.IGNORED);
    }

    @Test
    void redeliveredPutOfTheNewestVersionAfterRetentionOnAnOldOneIsDuplicate() {
        String key = PREFIX + "redelivered.png";
        String v1 = putNewest(key, 1);
        String v2 = putNewest(key, 2);
        stack.minio()
                .putRetention(
                        BUCKET,
                        key,
                        v1,
                        ObjectLockRetentionMode.GOVERNANCE,
                        Instant.now().plusSeconds(86_400));
        awaitOutcomes(key, 3);

        redeliver(key, v2);

        assertThat(awaitOutcomes(key, 4).get(3))
                .extracting(Outcome::versionId, Outcome::decision)
                .containsExactly(v2, Decision.DUPLICATE);
    }

    @Test
    void taggingEventsAreIgnored() {
        String key = PREFIX + "tagging.png";
        putNewest(key, 1);

        stack.minio().putTagging(BUCKET, key, null);
        stack.minio().deleteTagging(BUCKET, key, null);

        assertThat(awaitOutcomes(key, 3).subList(1, 3))
                .extracting(Outcome::event, Outcome::decision)
                .containsExactly(
                        tuple("ObjectCreated:PutTagging", Decision.IGNORED),
                        tuple("ObjectCreated:DeleteTagging", Decision.IGNORED));
    }

    @Test
    void lifecycleExpiryOfAllVersionsAfterTheLastPutDeletesTheOutput() {
        String key = PREFIX + "expired.png";
        putNewest(key, 1);
        putNewest(key, 2);

        stack.minio().expireAllVersions(BUCKET, key);

        assertThat(awaitOutcomes(key, 3).get(2))
                .extracting(Outcome::event, Outcome::decision)
                .containsExactly("ObjectRemoved:DeleteAllVersions", Decision.DONE);
        assertThat(output(key)).as("output of an expired object").isEmpty();
    }

    @Test
    void deleteOfAKeyThatDoesNotExistIsIgnored() {
        String key = PREFIX + "never-written.png";

        s3.deleteObject(b -> b.bucket(BUCKET).key(key));

        assertThat(awaitOutcomes(key, 1).get(0))
                .extracting(Outcome::event, Outcome::decision)
                .containsExactly("ObjectRemoved:NoOP", Decision.IGNORED);
    }

    @Test
    void createWhosePinnedVersionIsNoLongerCurrentIsSupersededAndWritesNothing() {
        List<Outcome> both = awaitOutcomes(SUPERSEDED_KEY, 2);

        assertThat(both.get(0).decision())
                .as("decision for version 1, read after version 2 was stored")
                .isEqualTo(Decision.SUPERSEDED);
        assertThat(both.get(0).outputETag()).as("output written for version 1").isNull();
        assertThat(both.get(1).decision()).isEqualTo(Decision.DONE);
        assertThat(Pictures.samePixels(output(SUPERSEDED_KEY), TestImages.inverted(Pictures.version(0, 2))))
                .as("output is the inverted version 2")
                .isTrue();
    }

    /** Uploads version {@code v} of the test image under {@code key} and returns its versionId. */
    private static String put(String key, int v) {
        return s3.putObject(
                        b -> b.bucket(BUCKET).key(key).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.version(0, v)))
                .versionId();
    }

    /**
     * Uploads version {@code v} and waits until its output is written: one version at a time, so that
     * each create's event finds its version still the current one.
     */
    private String putNewest(String key, int v) {
        int before = outcomes(key).size();
        String versionId = put(key, v);
        assertThat(awaitOutcomes(key, before + 1).get(before))
                .extracting(Outcome::versionId, Outcome::decision)
                .containsExactly(versionId, Decision.DONE);
        return versionId;
    }

    private static String kafkaKey(String key) {
        return BUCKET + "/" + key;
    }

    /** Sends the notifier's message about {@code versionId} a second time, to the same partition, as a redelivery. */
    private static void redeliver(String key, String versionId) {
        try (TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic())) {
            ConsumerRecord<String, String> original = await().atMost(WAIT)
                    .until(
                            () -> input.records(kafkaKey(key)::equals).stream()
                                    .filter(r -> r.value().contains("\"versionId\":\"" + versionId + "\""))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            producer.send(
                    new ProducerRecord<>(original.topic(), original.partition(), original.key(), original.value()));
            producer.flush();
        }
    }

    private List<Outcome> awaitOutcomes(String key, int count) {
        return await().atMost(WAIT).until(() -> outcomes(key), o -> o.size() >= count);
    }

    private List<Outcome> outcomes(String key) {
        return outcomes.outcomes(kafkaKey(key)::equals, List.of(processor.config.instanceId()));
    }

    private static byte[] output(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }
}
