package io.seqgate.transform.builtin;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * An opaque colour image at half its width and height, each pixel the rounded mean of a 2 × 2 block
 * (a last odd column or row is left out): the step a bilinear draw makes when it halves both sides,
 * without the draw's general-purpose loops.
 */
final class BoxHalving {

    private BoxHalving() {}

    /** Halves one pair of the source's rows into one row of the target. */
    @FunctionalInterface
    private interface RowPair {
        /**
         * @param top    the upper source row; the lower is the next
         * @param target the target's pixels, {@link BufferedImage#TYPE_INT_RGB}
         * @param start  where the target row starts in {@code target}
         * @param width  the target's width
         */
        void halve(int top, int[] target, int start, int width);
    }

    /**
     * @return the halved image as {@link BufferedImage#TYPE_INT_RGB}, or null when the source's layout
     *     is not one read here (then draw it)
     */
    static BufferedImage halved(BufferedImage source) {
        int width = source.getWidth() / 2;
        int height = source.getHeight() / 2;
        if (width == 0 || height == 0) {
            return null;
        }
        RowPair rows = switch (source.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> bgrBytes(source);
            case BufferedImage.TYPE_INT_RGB -> rgbInts(source);
            default -> null;
        };
        if (rows == null) {
            return null;
        }
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            rows.halve(2 * y, pixels, y * width, width);
        }
        return target;
    }

    /** The rows of a {@code TYPE_3BYTE_BGR} image, one byte a channel; null when it is laid out otherwise. */
    private static RowPair bgrBytes(BufferedImage source) {
        int stride = source.getWidth() * 3;
        if (!(source.getRaster().getDataBuffer() instanceof DataBufferByte buffer)
                || !(source.getSampleModel() instanceof ComponentSampleModel layout)
                || layout.getScanlineStride() != stride
                || layout.getPixelStride() != 3
                || !ownsWholeBuffer(source, buffer)) {
            return null;
        }
        byte[] src = buffer.getData();
        return (top, target, start, width) -> {
            int a = top * stride;
            int b = a + stride;
            for (int x = 0; x < width; x++, a += 6, b += 6) {
                int blue = (src[a] & 0xff) + (src[a + 3] & 0xff) + (src[b] & 0xff) + (src[b + 3] & 0xff);
                int green = (src[a + 1] & 0xff) + (src[a + 4] & 0xff) + (src[b + 1] & 0xff) + (src[b + 4] & 0xff);
                int red = (src[a + 2] & 0xff) + (src[a + 5] & 0xff) + (src[b + 2] & 0xff) + (src[b + 5] & 0xff);
                target[start + x] = means(red, green, blue);
            }
        };
    }

    /** The rows of a {@code TYPE_INT_RGB} image, one int a pixel; null when it is laid out otherwise. */
    private static RowPair rgbInts(BufferedImage source) {
        int stride = source.getWidth();
        if (!(source.getRaster().getDataBuffer() instanceof DataBufferInt buffer)
                || !(source.getSampleModel() instanceof SinglePixelPackedSampleModel layout)
                || layout.getScanlineStride() != stride
                || !ownsWholeBuffer(source, buffer)) {
            return null;
        }
        int[] src = buffer.getData();
        return (top, target, start, width) -> {
            int a = top * stride;
            int b = a + stride;
            for (int x = 0; x < width; x++, a += 2, b += 2) {
                int p = src[a];
                int q = src[a + 1];
                int r = src[b];
                int s = src[b + 1];
                int red = (p >> 16 & 0xff) + (q >> 16 & 0xff) + (r >> 16 & 0xff) + (s >> 16 & 0xff);
                int green = (p >> 8 & 0xff) + (q >> 8 & 0xff) + (r >> 8 & 0xff) + (s >> 8 & 0xff);
                int blue = (p & 0xff) + (q & 0xff) + (r & 0xff) + (s & 0xff);
                target[start + x] = means(red, green, blue);
            }
        };
    }

    /** Whether the image's raster is its buffer from the first element, not a part of another raster. */
    private static boolean ownsWholeBuffer(BufferedImage image, DataBuffer buffer) {
        return buffer.getOffset() == 0 && image.getRaster().getParent() == null;
    }

    /** The rounded means of the sums of four pixels' channels, as one {@code TYPE_INT_RGB} pixel. */
    private static int means(int red, int green, int blue) {
        return ((red + 2) >> 2) << 16 | ((green + 2) >> 2) << 8 | (blue + 2) >> 2;
    }
}
