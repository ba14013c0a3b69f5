package io.seqgate.transform.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 36-megapixel photo is thumbnailed in a JVM whose heap cannot hold its full raster: decoded whole, its
 * 7360×4912 pixels take 108 MB (3 bytes a pixel), more than the 64 MB heap; decoded with subsampling,
 * about 2 MB. Without subsampling the child runs out of memory and the test fails.
 */
class ThumbnailMemoryTest {

    private static final int WIDTH = 7360;
    private static final int HEIGHT = 4912;
    private static final String HEAP = "-Xmx64m";

    @Test
    void a36MegapixelJpegIsThumbnailedInAHeapThatCannotHoldItsFullRaster(@TempDir Path dir) throws Exception {
        Path photo = dir.resolve("36mp.jpg");
        Path thumbnail = dir.resolve("thumbnail.jpg");
        writePhoto(photo);
        assertThat((long) WIDTH * HEIGHT * 3).isGreaterThan(64L * 1024 * 1024);

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ThumbnailInSmallHeap.class.getName(),
                        photo.toString(),
                        thumbnail.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }

        assertThat(ended).as("the child ended").isTrue();
        assertThat(child.exitValue())
                .as("exit code; its output:%n%s", Files.readString(log))
                .isZero();
        BufferedImage small = ImageIO.read(thumbnail.toFile());
        assertThat(small.getWidth()).isEqualTo(256);
        assertThat(small.getHeight()).isEqualTo(171);
    }

    /** Smooth gradients, drawn straight into the raster: a camera's size without a camera's entropy. */
    private static void writePhoto(Path file) throws Exception {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int i = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                bgr[i++] = (byte) (x * 255 / WIDTH);
                bgr[i++] = (byte) (y * 255 / HEIGHT);
                bgr[i++] = (byte) ((x + y) / 48);
            }
        }
        File out = file.toFile();
        if (!ImageIO.write(image, "jpg", out)) {
            throw new IllegalStateException("no JPEG writer");
        }
    }
}
