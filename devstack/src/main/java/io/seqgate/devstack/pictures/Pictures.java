package io.seqgate.devstack.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Pictures to upload, one painter per kind, and the comparison of what comes out. */
public final class Pictures {

    /** The photo noise's amplitude, ± levels of 255: ±5 gives camera-like sizes at ImageIO's default quality. */
    private static final int PHOTO_NOISE = 5;

    private Pictures() {}

    /**
     * A small PNG that differs per key and version: a colour of the two, and the version's bits as white
     * stripes, so that every version of a key shows as another picture.
     */
    public static byte[] version(int key, int version) {
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color((key * 37) % 256, (version * 53) % 256, (key * version * 13) % 256));
        g.fillRect(0, 0, 32, 16);
        g.setColor(Color.WHITE);
        for (int bit = 0; bit < 16; bit++) {
            if ((version >> bit & 1) == 1) {
                g.fillRect(bit * 2, 0, 1, 16);
            }
        }
        g.dispose();
        return encode(image, "png");
    }

    /** A PNG of one colour ({@code 0xRRGGBB}): any valid picture of a given size. */
    public static byte[] flat(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    /**
     * A photo-like picture, different for each seed: smooth gradients and waves under fine noise, so that
     * it compresses like a camera's (about 1.8 MB for 36 megapixels as a JPEG at ImageIO's default quality)
     * rather than to the few kilobytes of a flat colour, and decodes to as many pixels as a camera's.
     */
    public static BufferedImage photo(int width, int height, long seed) {
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
        return image;
    }

    /** {@code image} in {@code format} ({@code png}, {@code jpg}, …) at ImageIO's defaults. */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no " + format + " writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Same picture: compares decoded pixels, not bytes; false when {@code a} is no picture. */
    public static boolean samePixels(byte[] a, byte[] b) {
        int[] pa = pixels(a);
        return pa != null && Arrays.equals(pa, pixels(b));
    }

    private static int[] pixels(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            return image == null
                    ? null
                    : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        } catch (IOException e) {
            return null;
        }
    }

    private static int noise(Random random) {
        return random.nextInt(2 * PHOTO_NOISE + 1) - PHOTO_NOISE;
    }

    private static int level(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
