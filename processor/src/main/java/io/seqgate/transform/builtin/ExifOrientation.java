package io.seqgate.transform.builtin;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and the turn that shows
 * it upright. Cameras store the pixels as the sensor read them and record how the camera was held; a
 * viewer turns the picture by the tag. A thumbnail written without the tag must be turned already.
 * Layout: CIPA DC-008 (Exif 2.32) §4.5.4 and TIFF 6.0 §2 (byte order, IFD entries).
 */
final class ExifOrientation {

    /** As stored: nothing to turn. */
    static final int NORMAL = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {}

    /** The orientation (1 to 8) a JPEG records, or {@link #NORMAL} when it records none or cannot be read. */
    static int of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            return NORMAL;
        }
        int at = 2;
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xff) != 0xff) {
                return NORMAL;
            }
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                return NORMAL; // the image data starts (or the file ends): the metadata segments are behind us
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2; // no length
                continue;
            }
            int length = u16(jpeg, at + 2, false);
            int segment = at + 4;
            if (length < 2 || segment + length - 2 > jpeg.length) {
                return NORMAL;
            }
            if (marker == 0xe1 && isExif(jpeg, segment, length - 2)) {
                int orientation = inTiff(jpeg, segment + 6, segment + length - 2);
                return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
            }
            at = segment + length - 2;
        }
        return NORMAL;
    }

    /**
     * {@code image} turned upright for {@code orientation}: mirrored, rotated, or both. Orientations 5 to
     * 8 swap width and height.
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        WritableRaster target = image.getColorModel().createCompatibleWritableRaster(swap ? h : w, swap ? w : h);
        WritableRaster source = image.getRaster();
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = source.getDataElements(x, y, pixel);
                switch (orientation) {
                    case 2 -> target.setDataElements(w - 1 - x, y, pixel); // mirrored
                    case 3 -> target.setDataElements(w - 1 - x, h - 1 - y, pixel); // upside down
                    case 4 -> target.setDataElements(x, h - 1 - y, pixel); // mirrored, upside down
                    case 5 -> target.setDataElements(y, x, pixel); // transposed
                    case 6 -> target.setDataElements(h - 1 - y, x, pixel); // turned 90° clockwise
                    case 7 -> target.setDataElements(h - 1 - y, w - 1 - x, pixel); // transversed
                    default -> target.setDataElements(y, w - 1 - x, pixel); // 8: turned 90° anticlockwise
                }
            }
        }
        return new BufferedImage(image.getColorModel(), target, image.isAlphaPremultiplied(), null);
    }

    private static boolean isExif(byte[] b, int at, int length) {
        return length >= 6
                && b[at] == 'E'
                && b[at + 1] == 'x'
                && b[at + 2] == 'i'
                && b[at + 3] == 'f'
                && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    /** The orientation in the TIFF structure at {@code tiff}, ending at {@code end}; 0 when there is none. */
    private static int inTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 0;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return 0;
        }
        long ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return 0;
        }
        int entries = u16(b, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > end) {
                return 0;
            }
            int e = (int) entry;
            if (u16(b, e, little) == ORIENTATION_TAG) {
                return u16(b, e + 2, little) == TYPE_SHORT ? u16(b, e + 8, little) : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int first = b[at] & 0xff;
        int second = b[at + 1] & 0xff;
        return little ? first | second << 8 : first << 8 | second;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long high = u16(b, at + (little ? 2 : 0), little);
        long low = u16(b, at + (little ? 0 : 2), little);
        return high << 16 | low;
    }
}
