package io.seqgate.transform.builtin;

import io.seqgate.transform.UnsupportedObjectException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What the image transforms ({@link InvertColours}, {@link Thumbnail}) share: the formats they read and
 * write back, the reader chosen from the bytes (never from the content type or the name, which users set
 * freely), the pixel limit checked from the header, the checks of a decoded image, and the encoder.
 *
 * <p>Streams are memory-backed on purpose: {@link ImageIO#createImageInputStream} would spill to a temp
 * file whenever ImageIO's global cache setting is on, which it is by default.
 */
final class ImageFiles {

    /**
     * The JPEG writer's quality: above ImageIO's default of 0.75, so that re-encoding a photo does not
     * visibly coarsen it.
     */
    static final float JPEG_QUALITY = 0.9f;

    private ImageFiles() {}

    /** The formats the image transforms read and write back. */
    enum Format {
        JPEG("image/jpeg"),
        PNG("image/png"),
        GIF("image/gif"),
        BMP("image/bmp");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** The format a reader decodes, or null when it is not one the transforms write back. */
        static Format of(ImageReader reader) {
            for (String name : reader.getOriginatingProvider().getFormatNames()) {
                for (Format format : values()) {
                    if (format.name().equalsIgnoreCase(name)) {
                        return format;
                    }
                }
            }
            return null;
        }
    }

    /** A reader for the bytes of {@code in}, of one of the {@link Format}s; the caller disposes of it. */
    static ImageReader reader(ImageInputStream in, String contentType) throws UnsupportedObjectException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new UnsupportedObjectException("not an image (" + describe(contentType) + ")");
        }
        ImageReader reader = readers.next();
        if (Format.of(reader) == null) {
            String found = reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
            reader.dispose();
            throw new UnsupportedObjectException("unsupported image format " + found + " (" + describe(contentType)
                    + "); supported: JPEG, PNG, GIF, BMP");
        }
        return reader;
    }

    /** Checked from the header, before any pixel is decoded: a small file may claim a huge size (a decompression bomb). */
    static void checkPixelLimit(int width, int height, long maxPixels) throws UnsupportedObjectException {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new UnsupportedObjectException("image is " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " (SEQGATE_MAX_PIXELS)");
        }
    }

    /**
     * Collects the reader's warnings, for {@link #failOnMissingData}. ImageIO's JPEG reader (libjpeg)
     * reports missing image data only as a warning ("Corrupt JPEG data: premature end of data segment",
     * "Premature end of JPEG file") and fills the rest with grey; that must be an error.
     */
    static List<String> warnings(ImageReader reader) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        return warnings;
    }

    /**
     * Other warnings ("extraneous bytes before marker", a missing EOI after complete data) are common in
     * camera files and harmless.
     */
    static void failOnMissingData(List<String> warnings, Format format) throws UnsupportedObjectException {
        for (String warning : warnings) {
            if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                throw new UnsupportedObjectException("corrupt " + format + ": " + warning);
            }
        }
    }

    /**
     * Java 17 decodes CMYK JPEGs, but the transforms work on RGB and grey, and writing CMYK back gives
     * files many viewers misread.
     */
    static void requireRgbOrGrey(ColorModel colorModel, Format format) throws UnsupportedObjectException {
        int colourSpace = colorModel.getColorSpace().getType();
        if (colourSpace != ColorSpace.TYPE_RGB && colourSpace != ColorSpace.TYPE_GRAY) {
            String name = colourSpace == ColorSpace.TYPE_CMYK ? "CMYK" : "non-RGB";
            throw new UnsupportedObjectException(
                    format + " in " + name + " colour is not supported (RGB and grey only)");
        }
    }

    /** Writing only the first frame would silently drop the animation. */
    static boolean hasSecondFrame(ImageReader reader) throws IOException {
        try {
            reader.getWidth(1);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Encodes {@code image} in {@code format}, JPEG at {@link #JPEG_QUALITY}.
     *
     * @param metadata the metadata to write with it, or null for the writer's default
     * @param what     what is written, for the reason of a refusal, e.g. {@code the inverted}
     */
    static byte[] encode(BufferedImage image, IIOMetadata metadata, Format format, String what)
            throws UnsupportedObjectException {
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWriters(type, format.name());
        if (!writers.hasNext()) {
            throw new UnsupportedObjectException(
                    "cannot write back a " + format + " with this colour layout (" + describeLayout(image) + ")");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == Format.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedObjectException(
                    "cannot write " + what + " " + format + " (" + describeLayout(image) + "): " + e.getMessage());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static String describe(String contentType) {
        return contentType == null ? "no content type" : "content type " + contentType;
    }

    static String describeLayout(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        return colorModel.getNumComponents() + " channels, " + colorModel.getPixelSize() + " bits per pixel";
    }
}
