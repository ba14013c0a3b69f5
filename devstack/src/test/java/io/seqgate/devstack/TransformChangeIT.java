package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.cli.Main;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.OutputMetadata;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Changing {@code SEQGATE_TRANSFORM} and running {@code seqgate reconcile} (the command, with the new
 * environment) derives every output again, once: outputs of invert are out of date for thumbnail
 * (TRANSFORM_CHANGED), each is rewritten by exactly one reconcile record, and a second reconcile finds
 * nothing to do. Changing a setting that shapes the output (the thumbnail's size) does the same.
 */
@ExtendWith(DevStackExtension.class)
class TransformChangeIT {

    private static final String APP = "transform-change-it";
    private static final String PREFIX = APP + "/";
    private static final int KEYS = 5;
    private static final Duration SETTLED = Duration.ofSeconds(90);

    @Test
    void aChangedTransformIsAppliedToEveryOutputOnceByReconcileAndASecondReconcileDoesNothing(
            DevStack stack, S3Client s3, @TempDir Path dir) {
        Map<String, String> invert = env(stack, Map.of());
        try (RunningProcessor first = RunningProcessor.start(stack, APP, APP + "-invert", dir.resolve("a"), invert)) {
            for (int n = 0; n < KEYS; n++) {
                int k = n;
                s3.putObject(
                        b -> b.bucket(stack.inputBucket()).key(key(k)).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.version(70 + k, 1)));
            }
            await().atMost(SETTLED).until(() -> everyOutputRecords(s3, stack, "invert/1"));
        }

        Map<String, String> thumbnail =
                env(stack, Map.of("SEQGATE_TRANSFORM", "thumbnail", "SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "8"));
        try (RunningProcessor second =
                RunningProcessor.start(stack, APP, APP + "-thumbnail", dir.resolve("b"), thumbnail)) {
            String pass = reconcile(stack, thumbnail);

            assertThat(pass).contains("out of sync (transform changed " + KEYS + ")");
            assertThat(pass).contains(KEYS + " reconcile records written");
            await().atMost(SETTLED).until(() -> everyOutputRecords(s3, stack, "thumbnail/1;size=8"));
            for (int n = 0; n < KEYS; n++) {
                BufferedImage small = image(output(s3, stack, key(n)));
                assertThat(small.getWidth()).as("thumbnail of %s", key(n)).isEqualTo(8);
                assertThat(small.getHeight()).isEqualTo(4); // 32 × 16 (Pictures.version) scaled to a longest side of 8
            }
            await().atMost(SETTLED)
                    .untilAsserted(() -> assertThat(rewrites(stack, APP + "-thumbnail"))
                            .as("reconcile outcomes per object")
                            .hasSize(KEYS)
                            .allSatisfy(
                                    (object, decisions) -> assertThat(decisions).containsExactly(Decision.DONE)));

            String again = reconcile(stack, thumbnail);

            assertThat(again)
                    .containsPattern(": " + KEYS + " in sync \\(\\d+ by the gate's output index\\), 0 out of sync;"
                            + " 0 reconcile records written");
        }

        Map<String, String> bigger =
                env(stack, Map.of("SEQGATE_TRANSFORM", "thumbnail", "SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "12"));
        try (RunningProcessor third = RunningProcessor.start(stack, APP, APP + "-bigger", dir.resolve("c"), bigger)) {
            assertThat(reconcile(stack, bigger)).contains("out of sync (transform changed " + KEYS + ")");
            await().atMost(SETTLED).until(() -> everyOutputRecords(s3, stack, "thumbnail/1;size=12"));
            assertThat(image(output(s3, stack, key(0))).getWidth()).isEqualTo(12);
        }
    }

    private static String key(int n) {
        return PREFIX + n + ".png";
    }

    private static Map<String, String> env(DevStack stack, Map<String, String> transform) {
        Map<String, String> env = new HashMap<>(transform);
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX);
        return env;
    }

    /** {@code seqgate reconcile} with the processors' environment; what it prints. */
    private static String reconcile(DevStack stack, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.putAll(overrides);
        env.put("SEQGATE_APPLICATION_ID", APP);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                new String[] {"reconcile", "--no-progress"},
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit)
                .as("exit code; errors: %s", err.toString(StandardCharsets.UTF_8))
                .isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean everyOutputRecords(S3Client s3, DevStack stack, String identity) {
        for (int n = 0; n < KEYS; n++) {
            int k = n;
            try {
                String recorded = s3.headObject(
                                b -> b.bucket(stack.outputBucket()).key(key(k)))
                        .metadata()
                        .get(OutputMetadata.TRANSFORM);
                if (!identity.equals(recorded)) {
                    return false;
                }
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                return false;
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        }
        return true;
    }

    /** The decisions of the reconcile records the instance settled, per object. */
    private static Map<String, List<Decision>> rewrites(DevStack stack, String instance) {
        try (TopicReader reader =
                new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            reader.readToEnd();
            return reader.outcomes(k -> k.startsWith(stack.inputBucket() + "/" + PREFIX), List.of(instance)).stream()
                    .filter(o -> o.event().startsWith("Reconcile:"))
                    .collect(Collectors.groupingBy(
                            Outcome::key, Collectors.mapping(Outcome::decision, Collectors.toList())));
        }
    }

    private static byte[] output(S3Client s3, DevStack stack, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key)).asByteArray();
    }

    private static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
