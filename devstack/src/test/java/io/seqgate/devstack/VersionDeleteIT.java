package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * Deletes of one version ({@code DELETE ?versionId=}) in a versioned input bucket, through a real broker
 * to a seqgate processor. MinIO stamps such a delete with the time of the delete, not with the deleted
 * version's modification time (docs/design.md §3, "MinIO's sequencer"), so the remove orders after both
 * creates and the output follows the input: back to the previous version, then gone.
 */
@ExtendWith(DevStackExtension.class)
class VersionDeleteIT {

    private static final String BUCKET = "version-deletes";
    private static final String PREFIX = "version-delete-it/";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor processor;

    private TopicReader outcomes;

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        // Every message exactly once and in order: the tests count outcomes per object.
        stack.notifier().setFaults(DeliveryFaults.none());
        s3 = stack.newS3Client();
        stack.s3().createBucket(BUCKET);
        stack.s3().enableVersioning(BUCKET);
        stack.s3().subscribe(BUCKET);
        processor = RunningProcessor.start(
                stack, "version-delete-it", "version-delete-it-1", stateDir, Map.of("SEQGATE_INPUT_LOCATIONS", BUCKET));
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
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
    void deletingTheNewestVersionRewritesTheOutputFromThePreviousOne() {
        String key = PREFIX + "newest.png";
        putNewest(key, 0);
        String v1 = putNewest(key, 1);

        deleteVersion(key, v1);

        assertThat(awaitOutcomes(key, 3).get(2))
                .extracting(Outcome::event, Outcome::versionId, Outcome::decision)
                .containsExactly("ObjectRemoved:Delete", v1, Decision.DONE);
        assertThat(Pictures.samePixels(output(key), TestImages.inverted(Pictures.version(0, 0))))
                .as("output is the inverted version 0")
                .isTrue();
    }

    @Test
    void deletingEveryVersionOneByOneLeavesNoOutput() {
        String key = PREFIX + "every.png";
        String v0 = putNewest(key, 0);
        String v1 = putNewest(key, 1);
        deleteVersion(key, v1);
        awaitOutcomes(key, 3);

        deleteVersion(key, v0);

        assertThat(awaitOutcomes(key, 4).get(3))
                .extracting(Outcome::event, Outcome::versionId, Outcome::decision)
                .containsExactly("ObjectRemoved:Delete", v0, Decision.DONE);
        assertThat(output(key)).as("output once every version is deleted").isEmpty();
    }

    /**
     * Uploads version {@code v} and waits until its output is written: one version at a time, so that
     * each create's event finds its version still the current one.
     */
    private String putNewest(String key, int v) {
        int before = outcomes(key).size();
        String versionId = s3.putObject(
                        b -> b.bucket(BUCKET).key(key).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.version(0, v)))
                .versionId();
        assertThat(awaitOutcomes(key, before + 1).get(before))
                .extracting(Outcome::versionId, Outcome::decision)
                .containsExactly(versionId, Decision.DONE);
        return versionId;
    }

    private static void deleteVersion(String key, String versionId) {
        s3.deleteObject(b -> b.bucket(BUCKET).key(key).versionId(versionId));
    }

    private List<Outcome> awaitOutcomes(String key, int count) {
        return await().atMost(WAIT).until(() -> outcomes(key), o -> o.size() >= count);
    }

    private List<Outcome> outcomes(String key) {
        return outcomes.outcomes((BUCKET + "/" + key)::equals, List.of(processor.config.instanceId()));
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
