package io.seqgate.bench;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.transform.builtin.InvertColours;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The bench's own pictures (an icon-like drawing; photos are {@link Pictures#photo}) and the ImageIO baseline it
 * holds the transform against.
 */
final class BenchImages {

    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";

    private BenchImages() {}

    /**
     * A flat drawing like an icon or a thumbnail: {@code size} px square, a few shapes and a label;
     * compresses to about a kilobyte as PNG.
     */
    static byte[] drawing(int size, Color background, String label) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, size, size);
            g.setColor(Color.WHITE);
            g.fillOval(size / 4, size / 8, size / 2, size / 2);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(size / 8, size * 5 / 8, size * 3 / 4, size / 8);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size / 6));
            g.drawString(label, size / 8, size - size / 16);
        } finally {
            g.dispose();
        }
        return Pictures.encode(image, "png");
    }

    /**
     * Decodes and encodes with ImageIO alone, the baseline the photos section holds the pipeline against
     * (the transform section's baselines encode with {@link #encodeAsTheTransform} too).
     */
    static void imageIoRoundTrip(byte[] bytes, String format) {
        try {
            encodeAsTheTransform(ImageIO.read(new ByteArrayInputStream(bytes)), format, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Encodes with ImageIO alone, a JPEG at the transform's quality, as any caller would choose it: a
     * comparison measures seqgate's overhead over ImageIO, not the price of a higher quality (at ImageIO's
     * default 0.75 the encoder has fewer coefficients to code).
     *
     * @param sizeHint the bytes the encoded image is expected to take
     */
    static void encodeAsTheTransform(BufferedImage decoded, String format, int sizeHint) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
            if (!format.equals("jpg")) {
                ImageIO.write(decoded, format, out);
                return;
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(InvertColours.JPEG_QUALITY);
                writer.write(null, new IIOImage(decoded, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
