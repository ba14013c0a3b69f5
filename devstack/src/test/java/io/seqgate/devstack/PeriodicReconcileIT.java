package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code SEQGATE_RECONCILE_INTERVAL}: two instances of one application, every notification of some
 * uploads lost; the instance that owns input partition 0 runs the passes, which settle those objects, and
 * when it stops the other takes the reconciler over.
 */
@ExtendWith(DevStackExtension.class)
class PeriodicReconcileIT {

    private static final String PREFIX = "periodic-it/";
    private static final Duration SETTLED = Duration.ofSeconds(120);
    private static final Pattern LAST_COMPLETED =
            Pattern.compile("(?m)^seqgate_reconcile_last_completed_seconds(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor first;
    private static RunningProcessor second;

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        s3 = stack.newS3Client();
        Map<String, String> settings = Map.of(
                "SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX,
                "SEQGATE_RECONCILE_INTERVAL", "2s",
                "SEQGATE_RECONCILE_RATE", "0");
        first = RunningProcessor.launch(stack, "periodic-it", "periodic-it-1", stateDir.resolve("1"), settings);
        second = RunningProcessor.launch(stack, "periodic-it", "periodic-it-2", stateDir.resolve("2"), settings);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> first.streams().state() == KafkaStreams.State.RUNNING
                        && second.streams().state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        stack.notifier().setFaults(DeliveryFaults.none());
        for (RunningProcessor p : new RunningProcessor[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
        s3.close();
    }

    private static void uploadUnnotified(String key, byte[] image) {
        stack.notifier().setFaults(DeliveryFaults.none().losing(1));
        try {
            s3.putObject(
                    b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"), RequestBody.fromBytes(image));
        } finally {
            stack.notifier().setFaults(DeliveryFaults.none());
        }
    }

    private static boolean showsInverted(String key, byte[] input) {
        try {
            byte[] out = s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                    .asByteArray();
            return Pictures.samePixels(out, TestImages.inverted(input));
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** When the instance last completed a pass (epoch seconds), from its {@code /metrics}; 0 for never. */
    private static double lastCompleted(RunningProcessor processor) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(processor.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = LAST_COMPLETED.matcher(metrics.body());
        assertThat(m.find())
                .as("seqgate_reconcile_last_completed_seconds on %s", processor.url())
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void oneInstanceRunsThePassesAndTheOtherTakesOverWhenItStops() throws Exception {
        byte[] cat = Pictures.version(70, 1);
        uploadUnnotified(PREFIX + "cat.png", cat);

        await().atMost(SETTLED).until(() -> showsInverted(PREFIX + "cat.png", cat));
        await().atMost(SETTLED).until(() -> lastCompleted(first) > 0 || lastCompleted(second) > 0);
        RunningProcessor owner = lastCompleted(first) > 0 ? first : second;
        RunningProcessor other = owner == first ? second : first;
        assertThat(lastCompleted(other))
                .as("passes completed by the instance that does not own partition 0")
                .isZero();

        owner.close();
        byte[] dog = Pictures.version(71, 1);
        uploadUnnotified(PREFIX + "dog.png", dog);

        await().atMost(SETTLED).until(() -> showsInverted(PREFIX + "dog.png", dog));
        assertThat(lastCompleted(other))
                .as("passes completed by the instance left")
                .isPositive();
    }
}
