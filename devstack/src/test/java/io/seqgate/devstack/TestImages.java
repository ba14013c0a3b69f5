package io.seqgate.devstack;

import io.seqgate.config.SinkLimits;
import io.seqgate.transform.UnsupportedObjectException;
import io.seqgate.transform.builtin.InvertColours;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Small PNGs that differ per key and version, and what seqgate should make of them. */
final class TestImages {

    private static final InvertColours INVERT = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);

    private TestImages() {}

    static byte[] version(int key, int version) {
        BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color((key * 37) % 256, (version * 80) % 256, (key * version * 13) % 256));
        g.fillRect(0, 0, 24, 16);
        g.setColor(Color.WHITE);
        g.fillRect(version * 4, 2, 3, 12);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] inverted(byte[] input) {
        try {
            return INVERT.apply(input, "image/png").bytes();
        } catch (UnsupportedObjectException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same picture: compares decoded pixels, not bytes. */
    static boolean samePixels(byte[] a, byte[] b) {
        int[] pa = pixels(a);
        return pa != null && Arrays.equals(pa, pixels(b));
    }

    private static int[] pixels(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return image == null
                    ? null
                    : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        } catch (IOException e) {
            return null;
        }
    }
}
