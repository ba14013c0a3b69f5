package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SinkExecution;
import io.seqgate.config.SinkLimits;
import io.seqgate.sink.InProcessS3;
import io.seqgate.sink.S3ObjectSink;
import io.seqgate.sink.SinkSettings;
import io.seqgate.streams.async.SinkWorkers;
import io.seqgate.transform.builtin.InvertColours;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The end-to-end promise: whatever order and however often one object's events are delivered, the
 * production topology with the real S3 sink against a real S3 API server leaves the output equal to
 * the transform of the newest input, or absent when the newest event is a delete — with the sink on
 * the stream thread, and on a pool of workers.
 */
class FinalOutputProperties {

    private static final InvertColours INVERT = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);
    private static final AtomicInteger OBJECTS = new AtomicInteger();
    private static InProcessS3 s3;

    @BeforeContainer
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        s3.createBucket("input-plain", false);
        s3.createBucket("input-versioned", true);
        s3.createBucket("output-bucket", false);
    }

    @AfterContainer
    static void stopS3() {
        s3.close();
    }

    /**
     * @param operations   true = put new content, false = delete, applied to S3 in this order
     * @param extraCopies  indices of events delivered a second (third, ...) time
     */
    @Property(tries = 40)
    void finalOutputIsNewestVersionForAnyDeliveryOrder(
            @ForAll @Size(min = 1, max = 5) List<Boolean> operations,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 4) Integer> extraCopies,
            @ForAll boolean versionedInput,
            @ForAll SinkExecution.Mode sinkMode,
            @ForAll Random random)
            throws Exception {
        String bucket = versionedInput ? "input-versioned" : "input-plain";
        String key = "dir/object " + OBJECTS.incrementAndGet() + ".png";
        List<String> events = new ArrayList<>();
        byte[] newest = null;
        for (int i = 0; i < operations.size(); i++) {
            String sequencer = String.format("0055AED6DCD9%06X", i + 1);
            if (operations.get(i)) {
                newest = image(i, random);
                byte[] content = newest;
                PutObjectResponse put =
                        s3.admin().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
                events.add(
                        versionedInput
                                ? Notifications.s3PutVersion(
                                        bucket,
                                        key,
                                        put.eTag().replace("\"", ""),
                                        content.length,
                                        put.versionId(),
                                        sequencer)
                                : Notifications.s3Put(
                                        bucket, key, put.eTag().replace("\"", ""), content.length, sequencer));
            } else {
                newest = null;
                s3.admin().deleteObject(b -> b.bucket(bucket).key(key));
                events.add(Notifications.s3(bucket, "ObjectRemoved:Delete", key, sequencer));
            }
        }
        List<String> delivery = new ArrayList<>(events);
        extraCopies.stream().filter(i -> i < events.size()).forEach(i -> delivery.add(events.get(i)));
        Collections.shuffle(delivery, random);

        S3ObjectSink sink = new S3ObjectSink(
                s3.client(), SinkSettings.of("output-bucket", "", 10_000_000, true), INVERT, "invert/1");
        SinkWorkers workers = SinkWorkers.start(4, 16);
        try (GateDriver gate = GateDriver.inTempStateDir(
                Map.of(
                        "SEQGATE_INPUT_LOCATIONS",
                        "input-plain,input-versioned",
                        "SEQGATE_OUTPUT_BUCKET",
                        "output-bucket",
                        "SEQGATE_SINK_MODE",
                        sinkMode.name().toLowerCase(Locale.ROOT)),
                sink,
                workers)) {
            delivery.forEach(message -> gate.send(null, message));
            // One outcome per delivered message: every accepted event has ended.
            gate.awaitOutcomes(delivery.size());
        } finally {
            workers.close();
        }

        byte[] output = output(key);
        if (newest == null) {
            assertThat(output).as("output after a final delete").isNull();
        } else {
            assertThat(output).as("output exists").isNotNull();
            assertThat(pixels(output))
                    .as("output is the inverted newest input")
                    .isEqualTo(pixels(INVERT.apply(newest, "image/png").bytes()));
        }
    }

    private static byte[] output(String key) {
        try {
            return s3.admin()
                    .getObjectAsBytes(b -> b.bucket("output-bucket").key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static byte[] image(int version, Random random) throws Exception {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 6; y++) {
                image.setRGB(x, y, new Color(random.nextInt(256), (version * 50) % 256, random.nextInt(256)).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int[] pixels(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
