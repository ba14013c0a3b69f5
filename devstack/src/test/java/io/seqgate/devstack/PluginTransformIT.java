package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.sink.OutputMetadata;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The example plugin (module {@code examples}) as a user runs it: its jar, built by the reactor, is put
 * in a directory that {@code SEQGATE_TRANSFORM_PATH} names, and {@code SEQGATE_TRANSFORM=grayscale}
 * chooses it. Its classes are on no classpath of this JVM: the processor loads them from the jar.
 */
@ExtendWith(DevStackExtension.class)
class PluginTransformIT {

    private static final String PREFIX = "plugin-it/";
    private static final Duration SETTLED = Duration.ofSeconds(90);

    private static DevStack stack;
    private static S3Client s3;
    private static Path plugins;
    private static RunningProcessor processor;

    @BeforeAll
    static void start(DevStack devStack, S3Client client, @TempDir Path dir) throws IOException {
        stack = devStack;
        s3 = client;
        String jar = System.getProperty("seqgate.examples.jar");
        assertThat(jar)
                .as("system property seqgate.examples.jar (set by the devstack POM to the examples module's jar)")
                .isNotBlank();
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(jar), plugins.resolve("seqgate-examples.jar"));
        processor = RunningProcessor.start(stack, "plugin-it", "plugin-it-1", dir.resolve("state"), settings(plugins));
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    private static Map<String, String> settings(Path pluginDir) {
        Map<String, String> env = new HashMap<>();
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX);
        env.put("SEQGATE_TRANSFORM", "grayscale");
        env.put("SEQGATE_TRANSFORM_PATH", pluginDir.toString());
        env.put("SEQGATE_TRANSFORM_GRAYSCALE_LEVELS", "2");
        return env;
    }

    @Test
    void thePluginsClassesAreOnNoClasspathOfThisJvm() {
        assertThatThrownBy(() -> Class.forName("io.seqgate.examples.grayscale.GrayscaleProvider"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theProcessorWritesWhatThePluginMakesAndRecordsItsIdentity() throws IOException {
        String key = PREFIX + "colour.png";
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"),
                RequestBody.fromBytes(colourPng()));

        await().atMost(SETTLED).until(() -> output(key) != null);

        BufferedImage grey = ImageIO.read(new ByteArrayInputStream(output(key)));
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        // Two levels: the dark red half is black, the light yellow half white.
        assertThat(grey.getRaster().getSample(2, 2, 0)).isZero();
        assertThat(grey.getRaster().getSample(13, 2, 0)).isEqualTo(255);
        HeadObjectResponse head =
                s3.headObject(b -> b.bucket(stack.outputBucket()).key(key));
        assertThat(head.metadata()).containsEntry(OutputMetadata.TRANSFORM, "grayscale/1;levels=2");
        assertThat(head.contentType()).isEqualTo("image/png");
    }

    @Test
    void withoutItsJarTheProcessorRefusesToStartNamingTheTransform(@TempDir Path empty) {
        assertThatThrownBy(() -> RunningProcessor.start(
                        stack, "plugin-it-missing", "plugin-it-missing-1", empty.resolve("state"), settings(empty)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_TRANSFORM: no transform is named 'grayscale'")
                .hasMessageContaining("SEQGATE_TRANSFORM_GRAYSCALE_LEVELS is not a setting of any transform found");
    }

    private static byte[] output(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static byte[] colourPng() throws IOException {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, (x < 8 ? new Color(120, 10, 10) : new Color(250, 240, 120)).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
