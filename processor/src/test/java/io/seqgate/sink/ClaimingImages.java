package io.seqgate.sink;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Small files whose headers claim large images: what a decoder would allocate is read from the header,
 * so a test of it needs no large picture (and a decompression bomb is one of these).
 */
public final class ClaimingImages {

    /** PNG colour types (PNG specification, IHDR). */
    public static final int RGB = 2;

    public static final int PALETTE = 3;
    public static final int RGB_ALPHA = 6;

    private ClaimingImages() {}

    /** An 8-bit RGB PNG whose header says {@code width × height}, with a few bytes of pixel data. */
    public static byte[] png(int width, int height) {
        return png(width, height, 8, RGB);
    }

    /** A PNG whose header says {@code width × height}, {@code bitDepth} bits a sample, of {@code colourType}. */
    public static byte[] png(int width, int height, int bitDepth, int colourType) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(
                png,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) bitDepth)
                        .put((byte) colourType)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        if (colourType == PALETTE) {
            chunk(png, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        }
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[16]);
        deflater.finish();
        byte[] idat = new byte[64];
        chunk(png, "IDAT", Arrays.copyOf(idat, deflater.deflate(idat)));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /**
     * A JPEG whose frame header says {@code width × height} (a small JPEG with its SOF0 rewritten), with
     * an application segment of {@code appBytes} (0 for none) in front of it, as a camera's EXIF block.
     */
    public static byte[] jpeg(int width, int height, int appBytes) {
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpg", small);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = small.toByteArray();
        int sof = sof0(jpeg);
        // SOF0: FF C0, length (2), precision (1), height (2), width (2)
        jpeg[sof + 5] = (byte) (height >> 8);
        jpeg[sof + 6] = (byte) height;
        jpeg[sof + 7] = (byte) (width >> 8);
        jpeg[sof + 8] = (byte) width;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        for (int left = appBytes; left > 0; ) {
            int length = Math.min(left, 65_533);
            out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) ((length + 2) >> 8), (byte) (length + 2)});
            out.writeBytes(new byte[length]);
            left -= length;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static int sof0(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; ) {
            if ((jpeg[i] & 0xff) != 0xff) {
                throw new IllegalStateException("not a marker at " + i);
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xc0) {
                return i;
            }
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
        }
        throw new IllegalStateException("no SOF0 in ImageIO's JPEG");
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
