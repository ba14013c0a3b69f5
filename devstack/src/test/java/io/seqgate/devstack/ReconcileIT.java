package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.reconcile.Checkpoint;
import io.seqgate.reconcile.HttpOutputIndex;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.runtime.Reconcilers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code seqgate reconcile} on real parts: objects without notifications (uploaded while the notifier
 * loses every one) are backfilled, a lost notification is caught up, outputs deleted or overwritten by a
 * foreign writer are restored, a second pass right after finds nothing, and a versioned bucket settles
 * to its current versions.
 */
@ExtendWith(DevStackExtension.class)
class ReconcileIT {

    private static final String PREFIX = "reconcile-it/";
    private static final String VERSIONED = "reconcile-versioned";
    private static final Duration SETTLED = Duration.ofSeconds(90);

    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor processor;
    private static RunningProcessor versioned;
    /** Reconcile records written for {@link #processor} so far, by every test of this class. */
    private static final AtomicLong recordsWritten = new AtomicLong();

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        s3 = stack.newS3Client();
        s3.createBucket(b -> b.bucket(VERSIONED));
        s3.putBucketVersioning(b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status("Enabled")));
        processor = RunningProcessor.start(
                stack,
                "reconcile-it",
                "reconcile-it-1",
                stateDir.resolve("one"),
                Map.of("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX));
        versioned = RunningProcessor.start(
                stack,
                "reconcile-it-versioned",
                "reconcile-it-versioned-1",
                stateDir.resolve("versioned"),
                Map.of("SEQGATE_INPUT_LOCATIONS", VERSIONED, "SEQGATE_OUTPUT_PREFIX", "reconcile-versioned-out/"));
    }

    @AfterAll
    static void stop() {
        stack.notifier().setFaults(DeliveryFaults.none());
        if (processor != null) {
            processor.close();
        }
        if (versioned != null) {
            versioned.close();
        }
        s3.close();
    }

    private static ReconcilePass.Progress reconcile(RunningProcessor with) throws InterruptedException {
        try (Reconcilers.Opened opened = Reconcilers.open(with.config, SeqgateMetrics.none(), "reconcile-it")) {
            ReconcilePass.Options options = new ReconcilePass.Options(4, 8, 0);
            assertThat(opened.reconciler().problems(options)).isEmpty();
            ReconcilePass.Progress done = opened.reconciler()
                    .pass(options, Checkpoint.NONE, new HttpOutputIndex(with.url(), null))
                    .run();
            if (with == processor) {
                recordsWritten.addAndGet(done.emitted());
            }
            return done;
        }
    }

    /** Uploads with every notification lost: as objects that were in the bucket before seqgate was. */
    private static void uploadUnnotified(String key, byte[] image) {
        stack.notifier().setFaults(DeliveryFaults.none().losing(1));
        try {
            s3.putObject(
                    b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"), RequestBody.fromBytes(image));
        } finally {
            stack.notifier().setFaults(DeliveryFaults.none());
        }
    }

    private static byte[] output(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static boolean showsInverted(String outputKey, byte[] input) {
        byte[] out = output(stack.outputBucket(), outputKey);
        return out != null && Pictures.samePixels(out, TestImages.inverted(input));
    }

    private static List<Outcome> outcomes(String keyPrefix) {
        try (TopicReader reader = new TopicReader(
                stack.bootstrapServers(), processor.config.topics().outcomes())) {
            reader.readToEnd();
            return reader.outcomes(k -> k.startsWith(stack.inputBucket() + "/" + keyPrefix), List.of("reconcile-it-1"));
        }
    }

    @Test
    void backfillsObjectsThatNeverHadANotificationWithOddKeysToo() throws InterruptedException {
        String dir = PREFIX + "backfill/";
        List<String> keys =
                List.of("plain.png", "a b.png", "a+b.png", "100%.png", "naïve/ü.png", "emoji \uD83D\uDE00.png");
        for (int n = 0; n < keys.size(); n++) {
            uploadUnnotified(dir + keys.get(n), Pictures.version(n, 1));
        }

        ReconcilePass.Progress pass = reconcile(processor);

        assertThat(pass.outOfSync()).containsEntry(Cause.OUTPUT_MISSING, (long) keys.size());
        await().atMost(SETTLED).untilAsserted(() -> {
            for (int n = 0; n < keys.size(); n++) {
                assertThat(showsInverted(dir + keys.get(n), Pictures.version(n, 1)))
                        .as("output of %s", keys.get(n))
                        .isTrue();
            }
        });
        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(outcomes(dir))
                        .filteredOn(o -> o.event().equals(Cause.OUTPUT_MISSING.eventName()))
                        .extracting(Outcome::decision)
                        .containsOnly(Decision.DONE)
                        .hasSize(keys.size()));
    }

    @Test
    void catchesUpALostNotificationAndASecondPassFindsNothing() throws InterruptedException {
        String key = PREFIX + "lost/cat.png";
        byte[] cat = Pictures.version(40, 1);
        byte[] dog = Pictures.version(40, 2);
        s3.putObject(b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"), RequestBody.fromBytes(cat));
        await().atMost(SETTLED).until(() -> showsInverted(key, cat));
        uploadUnnotified(key, dog);
        assertThat(showsInverted(key, cat)).as("the output still shows the cat").isTrue();

        reconcile(processor);
        await().atMost(SETTLED).until(() -> showsInverted(key, dog));
        await().atMost(SETTLED).until(ReconcileIT::reconcileOutcomesSettled);

        ReconcilePass.Progress again = reconcile(processor);
        assertThat(again.outOfSyncTotal())
                .as("out of sync after a settled pass: %s", again.outOfSync())
                .isZero();
        assertThat(again.emitted()).isZero();
        assertThat(again.inSyncByIndex())
                .as("objects the gate's state tells in sync without a HEAD, of %d", again.inSync())
                .isPositive();
    }

    /** Every reconcile record written for {@link #processor} so far has its outcome (one each). */
    private static boolean reconcileOutcomesSettled() {
        long ended = outcomes(PREFIX).stream()
                .filter(o -> o.event().startsWith("Reconcile:"))
                .count();
        return ended == recordsWritten.get();
    }

    @Test
    void restoresDeletedAndForeignOutputsAndDeletesOrphans() throws InterruptedException {
        String dir = PREFIX + "restore/";
        for (int n = 0; n < 4; n++) {
            int k = n;
            s3.putObject(
                    b -> b.bucket(stack.inputBucket()).key(dir + k + ".png").contentType("image/png"),
                    RequestBody.fromBytes(Pictures.version(50 + k, 1)));
        }
        await().atMost(SETTLED).until(() -> {
            for (int n = 0; n < 4; n++) {
                if (!showsInverted(dir + n + ".png", Pictures.version(50 + n, 1))) {
                    return false;
                }
            }
            return true;
        });
        s3.deleteObject(b -> b.bucket(stack.outputBucket()).key(dir + "0.png"));
        s3.putObject(b -> b.bucket(stack.outputBucket()).key(dir + "1.png"), RequestBody.fromString("foreign"));
        s3.putObject(b -> b.bucket(stack.outputBucket()).key(dir + "orphan.png"), RequestBody.fromString("orphan"));

        ReconcilePass.Progress pass = reconcile(processor);

        assertThat(pass.outOfSync())
                .containsEntry(Cause.OUTPUT_MISSING, 1L)
                .containsEntry(Cause.OUTPUT_FOREIGN, 1L)
                .containsEntry(Cause.OUTPUT_ORPHANED, 1L);
        await().atMost(SETTLED).untilAsserted(() -> {
            for (int n = 0; n < 4; n++) {
                assertThat(showsInverted(dir + n + ".png", Pictures.version(50 + n, 1)))
                        .as("output %d", n)
                        .isTrue();
            }
            assertThat(output(stack.outputBucket(), dir + "orphan.png")).isNull();
        });
    }

    @Test
    void settlesAVersionedBucketToItsCurrentVersions() throws InterruptedException {
        for (int v = 1; v <= 3; v++) {
            int version = v;
            s3.putObject(
                    b -> b.bucket(VERSIONED).key("v.png").contentType("image/png"),
                    RequestBody.fromBytes(Pictures.version(60, version)));
        }
        s3.putObject(b -> b.bucket(VERSIONED).key("gone.png"), RequestBody.fromBytes(Pictures.version(61, 1)));
        s3.deleteObject(b -> b.bucket(VERSIONED).key("gone.png")); // a delete marker on top

        ReconcilePass.Progress pass = reconcile(versioned);

        assertThat(pass.outOfSync()).containsExactlyEntriesOf(Map.of(Cause.OUTPUT_MISSING, 1L));
        String out = "reconcile-versioned-out/v.png";
        await().atMost(SETTLED).untilAsserted(() -> {
            byte[] written = output(stack.outputBucket(), out);
            assertThat(written).isNotNull();
            assertThat(Pictures.samePixels(written, TestImages.inverted(Pictures.version(60, 3))))
                    .isTrue();
        });
        assertThat(output(stack.outputBucket(), "reconcile-versioned-out/gone.png"))
                .isNull();
    }
}
