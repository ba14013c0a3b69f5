package io.seqgate.transform.builtin;

import io.seqgate.transform.TransformInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Inputs and images the built-in transforms' tests share. */
final class TestInputs {

    private TestInputs() {}

    /** {@code bytes} as the sink hands them over for {@code in/photo}, version v1. */
    static TransformInput of(byte[] bytes, String contentType) {
        return new TransformInput("in", "photo", "v1", "etag1", contentType, "0000000000000010", bytes);
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The format ImageIO finds in {@code bytes}, lower case. */
    static String formatOf(byte[] bytes) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            return readers.hasNext()
                    ? readers.next()
                            .getOriginatingProvider()
                            .getFormatNames()[0]
                            .toLowerCase(java.util.Locale.ROOT)
                    : "none";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
