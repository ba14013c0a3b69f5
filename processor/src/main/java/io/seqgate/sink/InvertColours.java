package io.seqgate.sink;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The example transform: inverts the colours of a JPEG, PNG, GIF or BMP image (each colour channel
 * becomes {@code max - v}, alpha and GIF transparency are kept) and writes it in the format it came in.
 *
 * <p>The format is read from the bytes, never from the content type or the name, which users set
 * freely. The pixel count is checked against the limit from the image header, before any pixel is
 * decoded, so a small file that claims a huge size (a decompression bomb) is refused without
 * allocating its raster. The byte size of the input is the caller's limit, not this class's.
 *
 * <p>Stateless and thread-safe: every call gets its own reader, writer and in-memory streams. The
 * streams are memory-backed on purpose: {@link ImageIO#createImageInputStream} would spill to a temp
 * file whenever ImageIO's global cache setting is on, which it is by default.
 */
public final class InvertColours implements Transform {

    /**
     * The limit the configuration uses unless {@code SEQGATE_MAX_PIXELS} says otherwise: 40 megapixels,
     * above any phone camera, and a decoded 4-byte raster of 160 MB at most.
     */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /**
     * The JPEG writer's quality: above ImageIO's default of 0.75, so that inverting a photo does not
     * visibly coarsen it. Public so that a benchmark's plain ImageIO baseline can encode alike.
     */
    public static final float JPEG_QUALITY = 0.9f;

    /** The identity outputs record: bump the version when the same image would invert to other bytes. */
    public static final String IDENTITY = "invert/1";

    private final long maxPixels;

    /** @param maxPixels the largest width × height accepted; see {@link #DEFAULT_MAX_PIXELS} */
    public InvertColours(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    @Override
    public String identity() {
        return IDENTITY;
    }

    @Override
    public Transformed apply(byte[] input, String contentType) throws UnsupportedObjectException {
        if (input.length == 0) {
            throw new UnsupportedObjectException("not an image (empty, " + describe(contentType) + ")");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(input))) {
            ImageReader reader = readerFor(in, contentType);
            Format format = Format.of(reader);
            try {
                reader.setInput(in, true, format != Format.JPEG);
                IIOImage decoded = decode(reader, format);
                BufferedImage inverted = invert((BufferedImage) decoded.getRenderedImage());
                return new Transformed(encode(inverted, decoded.getMetadata(), format), format.contentType);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Closing a memory-backed stream over a byte array does not fail in practice.
            throw new UnsupportedObjectException("unreadable image: " + e.getMessage());
        }
    }

    private static ImageReader readerFor(ImageInputStream in, String contentType) throws UnsupportedObjectException {
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

    /**
     * Decodes the first image. Only JPEG keeps its metadata: it carries the EXIF orientation and the ICC
     * profile, and holds no palette. PNG and GIF metadata hold the original palette, which would undo the
     * inversion, so they are written with fresh metadata derived from the image (transparency included).
     */
    private IIOImage decode(ImageReader reader, Format format) throws UnsupportedObjectException {
        // ImageIO's JPEG reader (libjpeg) reports missing image data only as a warning ("Corrupt JPEG
        // data: premature end of data segment", "Premature end of JPEG file") and fills the rest with
        // grey; that must be an error. Other warnings ("extraneous bytes before marker", a missing EOI
        // after complete data) are common in camera files and harmless.
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        IIOImage image;
        try {
            checkPixelLimit(reader.getWidth(0), reader.getHeight(0));
            image = new IIOImage(reader.read(0), null, format == Format.JPEG ? jpegMetadata(reader) : null);
            if (format == Format.GIF && hasSecondFrame(reader)) {
                throw new UnsupportedObjectException("animated GIF is not supported (single frame only)");
            }
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedObjectException("corrupt or unsupported " + format + ": " + e.getMessage());
        }
        for (String warning : warnings) {
            if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                throw new UnsupportedObjectException("corrupt " + format + ": " + warning);
            }
        }
        // Java 17 decodes CMYK JPEGs, but max - v per CMYK channel is not the colour negative, and
        // writing CMYK back gives files many viewers misread.
        int colourSpace =
                image.getRenderedImage().getColorModel().getColorSpace().getType();
        if (colourSpace != ColorSpace.TYPE_RGB && colourSpace != ColorSpace.TYPE_GRAY) {
            String name = colourSpace == ColorSpace.TYPE_CMYK ? "CMYK" : "non-RGB";
            throw new UnsupportedObjectException(
                    format + " in " + name + " colour is not supported (RGB and grey only)");
        }
        return image;
    }

    /**
     * Best effort: the reader's metadata parser is stricter than its decoder (it refuses, for example,
     * an Exif APP1 before the JFIF APP0), and such a file is still a picture worth inverting.
     */
    private static IIOMetadata jpegMetadata(ImageReader reader) {
        try {
            return reader.getImageMetadata(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void checkPixelLimit(int width, int height) throws UnsupportedObjectException {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new UnsupportedObjectException("image is " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " (SEQGATE_MAX_PIXELS)");
        }
    }

    /** Writing only the first frame would silently drop the animation, so an animated GIF is refused. */
    private static boolean hasSecondFrame(ImageReader reader) throws IOException {
        try {
            reader.getWidth(1);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Inverts in place where the layout allows it; returns the image to write. */
    private static BufferedImage invert(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        if (colorModel instanceof IndexColorModel palette) {
            return new BufferedImage(invertPalette(palette), image.getRaster(), false, null);
        }
        WritableRaster raster = image.getRaster();
        if (!invertPackedInts(raster, colorModel) && !invertInterleaved(raster, colorModel)) {
            invertAnyRaster(raster, colorModel);
        }
        return image;
    }

    /** GIF and palette PNG: the indices stay, the palette is inverted; alpha and transparent index kept. */
    private static IndexColorModel invertPalette(IndexColorModel palette) {
        int size = palette.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        byte[] alphas = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        palette.getAlphas(alphas);
        for (int i = 0; i < size; i++) {
            reds[i] = (byte) ~reds[i];
            greens[i] = (byte) ~greens[i];
            blues[i] = (byte) ~blues[i];
        }
        // With an alpha array the transparent index is the first entry of alpha 0, as in the original.
        int bits = palette.getPixelSize();
        return palette.hasAlpha()
                ? new IndexColorModel(bits, size, reds, greens, blues, alphas)
                : new IndexColorModel(bits, size, reds, greens, blues);
    }

    /** TYPE_INT_RGB / TYPE_INT_ARGB / TYPE_INT_BGR: one XOR per pixel over the colour masks. */
    private static boolean invertPackedInts(WritableRaster raster, ColorModel colorModel) {
        if (!(colorModel instanceof DirectColorModel direct)
                || !(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel sampleModel)
                || buffer.getNumBanks() != 1) {
            return false;
        }
        int colourMask = direct.getRedMask() | direct.getGreenMask() | direct.getBlueMask();
        int[] data = buffer.getData();
        int stride = sampleModel.getScanlineStride();
        int rowStart = buffer.getOffset()
                + sampleModel.getOffset(
                        raster.getMinX() - raster.getSampleModelTranslateX(),
                        raster.getMinY() - raster.getSampleModelTranslateY());
        for (int y = 0; y < raster.getHeight(); y++, rowStart += stride) {
            for (int i = rowStart, end = rowStart + raster.getWidth(); i < end; i++) {
                data[i] ^= colourMask;
            }
        }
        return true;
    }

    /**
     * JPEG (TYPE_3BYTE_BGR, TYPE_BYTE_GRAY), PNG (TYPE_4BYTE_ABGR, grey, grey + alpha, 16-bit) and the
     * like: one byte or short per sample, interleaved in a single bank. Inverting a full-range sample is
     * flipping all its bits.
     */
    private static boolean invertInterleaved(WritableRaster raster, ColorModel colorModel) {
        if (!(colorModel instanceof ComponentColorModel)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sampleModel)
                || raster.getDataBuffer().getNumBanks() != 1) {
            return false;
        }
        DataBuffer buffer = raster.getDataBuffer();
        int sampleBits = DataBuffer.getDataTypeSize(buffer.getDataType());
        for (int band = 0; band < sampleModel.getNumBands(); band++) {
            if (colorModel.getComponentSize(band) != sampleBits) {
                return false;
            }
        }
        int[] colourOffsets = Arrays.copyOf(sampleModel.getBandOffsets(), colorModel.getNumColorComponents());
        int pixelStride = sampleModel.getPixelStride();
        int stride = sampleModel.getScanlineStride();
        int rowStart = buffer.getOffset()
                + sampleModel.getOffset(
                        raster.getMinX() - raster.getSampleModelTranslateX(),
                        raster.getMinY() - raster.getSampleModelTranslateY(),
                        0)
                - sampleModel.getBandOffsets()[0];
        int rowLength = raster.getWidth() * pixelStride;
        if (buffer instanceof DataBufferByte bytes) {
            byte[] data = bytes.getData();
            if (everySampleIsColour(colourOffsets, pixelStride)) {
                // JPEG's BGR and grey: a row is one run of colour samples, flipped in one loop the JIT
                // vectorises, instead of one sample at a time through the band offsets.
                for (int y = 0; y < raster.getHeight(); y++, rowStart += stride) {
                    for (int i = rowStart, end = rowStart + rowLength; i < end; i++) {
                        data[i] = (byte) ~data[i];
                    }
                }
                return true;
            }
            for (int y = 0; y < raster.getHeight(); y++, rowStart += stride) {
                for (int pixel = rowStart; pixel < rowStart + rowLength; pixel += pixelStride) {
                    for (int offset : colourOffsets) {
                        data[pixel + offset] ^= (byte) 0xff;
                    }
                }
            }
            return true;
        }
        if (buffer instanceof DataBufferUShort shorts) {
            short[] data = shorts.getData();
            for (int y = 0; y < raster.getHeight(); y++, rowStart += stride) {
                for (int pixel = rowStart; pixel < rowStart + rowLength; pixel += pixelStride) {
                    for (int offset : colourOffsets) {
                        data[pixel + offset] ^= (short) 0xffff;
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** Whether the colour bands fill each pixel exactly: no alpha and no padding between pixels. */
    private static boolean everySampleIsColour(int[] colourOffsets, int pixelStride) {
        if (colourOffsets.length != pixelStride) {
            return false;
        }
        boolean[] seen = new boolean[pixelStride];
        for (int offset : colourOffsets) {
            if (offset < 0 || offset >= pixelStride || seen[offset]) {
                return false;
            }
            seen[offset] = true;
        }
        return true;
    }

    /**
     * Any other integer layout (e.g. BMP's 16-bit 5-6-5, 1/2/4-bit grey PNG): row by row through the
     * raster, each colour band becoming its own maximum minus the sample. Colour bands come before
     * alpha in every Java colour model.
     */
    private static void invertAnyRaster(WritableRaster raster, ColorModel colorModel) {
        int width = raster.getWidth();
        int[] row = new int[width];
        for (int band = 0; band < colorModel.getNumColorComponents(); band++) {
            int max = (1 << colorModel.getComponentSize(band)) - 1;
            for (int y = raster.getMinY(); y < raster.getMinY() + raster.getHeight(); y++) {
                raster.getSamples(raster.getMinX(), y, width, 1, band, row);
                for (int x = 0; x < width; x++) {
                    row[x] = max - row[x];
                }
                raster.setSamples(raster.getMinX(), y, width, 1, band, row);
            }
        }
    }

    private static byte[] encode(BufferedImage image, IIOMetadata metadata, Format format)
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
                    "cannot write the inverted " + format + " (" + describeLayout(image) + "): " + e.getMessage());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static String describe(String contentType) {
        return contentType == null ? "no content type" : "content type " + contentType;
    }

    private static String describeLayout(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        return colorModel.getNumComponents() + " channels, " + colorModel.getPixelSize() + " bits per pixel";
    }

    private enum Format {
        JPEG("image/jpeg"),
        PNG("image/png"),
        GIF("image/gif"),
        BMP("image/bmp");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** The format a reader decodes, or null when it is not one this transform writes back. */
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
}
