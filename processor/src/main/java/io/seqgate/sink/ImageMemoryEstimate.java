package io.seqgate.sink;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * {@link MemoryEstimate#images}: reads an image's header with whichever ImageIO reader recognises its
 * first bytes — width, height and the sample layout it decodes to — without decoding a pixel. What a
 * job holds for an image of {@code w × h} pixels and {@code n} bytes:
 * <ul>
 *   <li>the input, twice: its bytes, and the copy the image stream caches while the reader goes through
 *       them ({@link InvertColours} reads from memory);</li>
 *   <li>the decoded raster: {@code w × h × } the bytes of a decoded pixel, at least 4 (3 for most JPEGs,
 *       8 for a 16-bit PNG with alpha) — the headroom covers the decoder's own buffers;</li>
 *   <li>the encoded output, taken as twice the input (the writer may compress less than the camera did),
 *       three times: the buffer it grows in, up to twice its size, and the array copied out of it.</li>
 * </ul>
 * An image whose header lies beyond the first bytes is taken at the pixel limit, 8 bytes a pixel; one
 * over the pixel limit is refused from its header, so only its bytes count. Anything that is not an
 * image counts three times its size: the input, an output as large, and a copy.
 */
final class ImageMemoryEstimate implements MemoryEstimate {

    /** The input's bytes and the copy an image stream caches of them. */
    static final int INPUT_COPIES = 2;

    /** The output taken as twice the input, held three times while it is written (see the class comment). */
    static final int OUTPUT_FACTOR = 2 * 3;

    /** A decoded pixel, at the least: ImageIO's 4-byte packed and 3-byte interleaved layouts, with headroom. */
    static final int MIN_BYTES_PER_PIXEL = 4;

    /** A decoded pixel at the most ImageIO decodes to: four 16-bit samples. */
    static final int MAX_BYTES_PER_PIXEL = 8;

    /** What is not an image: the input, an output of about its size, and one copy. */
    static final int OTHER_FACTOR = 3;

    private final long maxPixels;

    ImageMemoryEstimate(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    @Override
    public long bytes(byte[] head, long size, String contentType) {
        Header header = header(head);
        if (header == null) {
            return times(size, OTHER_FACTOR);
        }
        long decoded;
        if (header.pixels() < 0) {
            decoded = times(maxPixels, MAX_BYTES_PER_PIXEL);
        } else if (header.pixels() > maxPixels) {
            decoded = 0;
        } else {
            decoded = times(header.pixels(), header.bytesPerPixel());
        }
        return Math.min(Long.MAX_VALUE - decoded, (INPUT_COPIES + OUTPUT_FACTOR) * size) + decoded;
    }

    /** {@code a × b}, or the largest long when that is more. */
    private static long times(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /**
     * What the header tells: {@code pixels} is -1 when the image's size is beyond the bytes given, and
     * {@code bytesPerPixel} is {@link #MAX_BYTES_PER_PIXEL} when its layout is.
     */
    private record Header(long pixels, int bytesPerPixel) {}

    /**
     * The header of the image {@code head} begins, or null when no ImageIO reader recognises it (or the
     * reader that does fails on it: the transform will not read it either).
     */
    private static Header header(byte[] head) {
        try {
            return readHeader(head);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Header readHeader(byte[] head) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(head))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels;
                try {
                    pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                } catch (IOException | RuntimeException beyondHead) {
                    return new Header(-1, MAX_BYTES_PER_PIXEL);
                }
                return new Header(pixels, bytesPerPixel(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Closing a memory-backed stream over a byte array does not fail in practice.
            return null;
        }
    }

    /** The bytes of one pixel as the reader decodes it, at least {@link #MIN_BYTES_PER_PIXEL}. */
    private static int bytesPerPixel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types == null || !types.hasNext()) {
                return MAX_BYTES_PER_PIXEL;
            }
            SampleModel layout = types.next().getSampleModel(1, 1);
            int bytes = layout.getNumDataElements() * DataBuffer.getDataTypeSize(layout.getDataType()) / 8;
            return Math.max(MIN_BYTES_PER_PIXEL, bytes);
        } catch (IOException | RuntimeException beyondHead) {
            return MAX_BYTES_PER_PIXEL;
        }
    }
}
