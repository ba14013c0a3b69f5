package io.seqgate.transform.builtin;

import io.seqgate.transform.SimpleTransformProvider;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import io.seqgate.transform.builtin.ImageFiles.Format;
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
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The {@code invert} transform, the default: inverts the colours of a JPEG, PNG, GIF or BMP image (each
 * colour channel becomes {@code max - v}, alpha and GIF transparency are kept) and writes it in the
 * format it came in.
 *
 * <p>The format is read from the bytes, never from the content type or the name, which users set
 * freely. The pixel count is checked against the limit from the image header, before any pixel is
 * decoded, so a small file that claims a huge size (a decompression bomb) is refused without
 * allocating its raster. The byte size of the input is the caller's limit, not this class's.
 *
 * <p>Stateless and thread-safe: every call gets its own reader, writer and in-memory streams.
 */
public final class InvertColours implements Transform {

    /**
     * The JPEG writer's quality: above ImageIO's default of 0.75, so that inverting a photo does not
     * visibly coarsen it. Public so that a benchmark's plain ImageIO baseline can encode alike.
     */
    public static final float JPEG_QUALITY = ImageFiles.JPEG_QUALITY;

    private final long maxPixels;

    /** @param maxPixels the largest width × height accepted ({@code SEQGATE_MAX_PIXELS}) */
    public InvertColours(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** Finds {@code invert}; outputs written before transforms were pluggable record {@code invert/1} too. */
    public static final class Provider extends SimpleTransformProvider {
        public Provider() {
            super(
                    "invert",
                    "1",
                    "inverts the colours of JPEG, PNG, GIF and BMP images, same format (the default)",
                    settings -> new InvertColours(settings.maxPixels()));
        }
    }

    @Override
    public TransformOutput apply(TransformInput input) throws UnsupportedObjectException {
        return apply(input.bytes(), input.contentType());
    }

    /** Inverts {@code input}, whose stored content type is {@code contentType} (or null). */
    public TransformOutput apply(byte[] input, String contentType) throws UnsupportedObjectException {
        if (input.length == 0) {
            throw new UnsupportedObjectException("not an image (empty, " + ImageFiles.describe(contentType) + ")");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(input))) {
            ImageReader reader = ImageFiles.reader(in, contentType);
            Format format = Format.of(reader);
            try {
                reader.setInput(in, true, format != Format.JPEG);
                IIOImage decoded = decode(reader, format);
                BufferedImage inverted = invert((BufferedImage) decoded.getRenderedImage());
                return new TransformOutput(
                        ImageFiles.encode(inverted, decoded.getMetadata(), format, "the inverted"), format.contentType);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Closing a memory-backed stream over a byte array does not fail in practice.
            throw new UnsupportedObjectException("unreadable image: " + e.getMessage());
        }
    }

    /**
     * Decodes the first image. Only JPEG keeps its metadata: it carries the EXIF orientation and the ICC
     * profile, and holds no palette. PNG and GIF metadata hold the original palette, which would undo the
     * inversion, so they are written with fresh metadata derived from the image (transparency included).
     */
    private IIOImage decode(ImageReader reader, Format format) throws UnsupportedObjectException {
        List<String> warnings = ImageFiles.warnings(reader);
        IIOImage image;
        try {
            ImageFiles.checkPixelLimit(reader.getWidth(0), reader.getHeight(0), maxPixels);
            image = new IIOImage(reader.read(0), null, format == Format.JPEG ? jpegMetadata(reader) : null);
            if (format == Format.GIF && ImageFiles.hasSecondFrame(reader)) {
                throw new UnsupportedObjectException("animated GIF is not supported (single frame only)");
            }
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedObjectException("corrupt or unsupported " + format + ": " + e.getMessage());
        }
        ImageFiles.failOnMissingData(warnings, format);
        ImageFiles.requireRgbOrGrey(image.getRenderedImage().getColorModel(), format);
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
}
