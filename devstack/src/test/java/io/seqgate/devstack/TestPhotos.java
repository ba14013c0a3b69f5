package io.seqgate.devstack;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Photo-like JPEGs: smooth gradients and waves under fine noise, so that they compress like camera
 * pictures (about 1.8 MB for 36 megapixels at ImageIO's default quality) rather than to the few
 * kilobytes of a flat colour, and decode to as many pixels as a camera's.
 */
final class TestPhotos {

    /** The noise's amplitude, ± levels of 255: ±5 gives camera-like sizes at ImageIO's default quality. */
    private static final int NOISE = 5;

    private TestPhotos() {}

    /** Writes a {@code width} × {@code height} photo-like JPEG, different for each seed, to {@code file}. */
    static Path write(int width, int height, long seed, Path file) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        double phase = random.nextDouble() * Math.PI;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = level(255 * x / width + (int) (40 * Math.sin(phase + y / 97.0)) + noise(random));
                int g = level(255 * y / height + (int) (40 * Math.cos(phase + x / 131.0)) + noise(random));
                int b = level(128 + (int) (90 * Math.sin(phase + (x + y) / 60.0)) + noise(random));
                row[x] = (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        try {
            if (!ImageIO.write(image, "jpg", file.toFile())) {
                throw new IllegalStateException("no JPEG writer in this JVM");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of a file, for messages. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int noise(Random random) {
        return random.nextInt(2 * NOISE + 1) - NOISE;
    }

    private static int level(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
