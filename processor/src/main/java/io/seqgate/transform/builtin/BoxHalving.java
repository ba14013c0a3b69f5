package io.seqgate.transform.builtin;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
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
        return switch (source.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> fromBgrBytes(source, width, height);
            case BufferedImage.TYPE_INT_RGB -> fromRgbInts(source, width, height);
            default -> null;
        };
    }

    private static BufferedImage fromBgrBytes(BufferedImage source, int width, int height) {
        int stride = source.getWidth() * 3;
        if (!(source.getRaster().getDataBuffer() instanceof DataBufferByte buffer)
                || !(source.getSampleModel() instanceof ComponentSampleModel layout)
                || layout.getScanlineStride() != stride
                || layout.getPixelStride() != 3
                || buffer.getOffset() != 0
                || source.getRaster().getParent() != null) {
            return null;
        }
        byte[] src = buffer.getData();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            int top = 2 * y * stride;
            int bottom = top + stride;
            int out = y * width;
            for (int x = 0; x < width; x++) {
                int a = top + 6 * x;
                int b = bottom + 6 * x;
                int blue = (src[a] & 0xff) + (src[a + 3] & 0xff) + (src[b] & 0xff) + (src[b + 3] & 0xff);
                int green = (src[a + 1] & 0xff) + (src[a + 4] & 0xff) + (src[b + 1] & 0xff) + (src[b + 4] & 0xff);
                int red = (src[a + 2] & 0xff) + (src[a + 5] & 0xff) + (src[b + 2] & 0xff) + (src[b + 5] & 0xff);
                dst[out + x] = ((red + 2) >> 2) << 16 | ((green + 2) >> 2) << 8 | (blue + 2) >> 2;
            }
        }
        return target;
    }

    private static BufferedImage fromRgbInts(BufferedImage source, int width, int height) {
        int stride = source.getWidth();
        if (!(source.getRaster().getDataBuffer() instanceof DataBufferInt buffer)
                || !(source.getSampleModel() instanceof SinglePixelPackedSampleModel layout)
                || layout.getScanlineStride() != stride
                || buffer.getOffset() != 0
                || source.getRaster().getParent() != null) {
            return null;
        }
        int[] src = buffer.getData();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            int top = 2 * y * stride;
            int bottom = top + stride;
            int out = y * width;
            for (int x = 0; x < width; x++) {
                int p = src[top + 2 * x];
                int q = src[top + 2 * x + 1];
                int r = src[bottom + 2 * x];
                int s = src[bottom + 2 * x + 1];
                int red = (p >> 16 & 0xff) + (q >> 16 & 0xff) + (r >> 16 & 0xff) + (s >> 16 & 0xff);
                int green = (p >> 8 & 0xff) + (q >> 8 & 0xff) + (r >> 8 & 0xff) + (s >> 8 & 0xff);
                int blue = (p & 0xff) + (q & 0xff) + (r & 0xff) + (s & 0xff);
                dst[out + x] = ((red + 2) >> 2) << 16 | ((green + 2) >> 2) << 8 | (blue + 2) >> 2;
            }
        }
        return target;
    }
}
