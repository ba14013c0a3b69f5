package io.seqgate.transform.builtin;

import io.seqgate.transform.SimpleTransformProvider;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransformSetting;
import io.seqgate.transform.UnsupportedObjectException;
import io.seqgate.transform.builtin.ImageFiles.Format;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The {@code thumbnail} transform: scales a JPEG, PNG, GIF or BMP image down so that its longest side is
 * {@code SEQGATE_TRANSFORM_THUMBNAIL_SIZE} pixels (an image already that small keeps its size), and
 * writes it in the format it came in. A JPEG's EXIF orientation is applied to the pixels, and the
 * thumbnail is written without it, so it shows upright everywhere; its other metadata (the ICC profile
 * among it) is not kept. An animated GIF gives a thumbnail of its first frame.
 *
 * <p>The image is decoded with subsampling ({@link ImageReadParam#setSourceSubsampling}), chosen from
 * the size in its header, to about four times the thumbnail's size: a 36-megapixel photo never has its
 * full raster in memory, only a raster of about a megapixel, which is then scaled down in halving steps
 * (bilinear), so the thumbnail is smooth rather than aliased. The pixel limit ({@code SEQGATE_MAX_PIXELS})
 * is checked from the header as for {@link InvertColours}: decoding time still grows with the full size.
 *
 * <p>Stateless and thread-safe.
 */
public final class Thumbnail implements Transform {

    public static final int DEFAULT_SIZE = 256;

    /** The largest {@code SEQGATE_TRANSFORM_THUMBNAIL_SIZE}: a "thumbnail" beyond it is a resize. */
    public static final int MAX_SIZE = 8192;

    /** Decoded at about this many times the thumbnail's size, for the halving steps to smooth. */
    private static final int DECODE_FACTOR = 4;

    private final int size;
    private final long maxPixels;

    /**
     * @param size      the thumbnail's longest side, in pixels
     * @param maxPixels the largest width × height accepted ({@code SEQGATE_MAX_PIXELS})
     */
    public Thumbnail(int size, long maxPixels) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", got " + size);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.size = size;
        this.maxPixels = maxPixels;
    }

    /** Finds {@code thumbnail}. */
    public static final class Provider extends SimpleTransformProvider {

        private static final TransformSetting SIZE = TransformSetting.wholeNumber(
                        "SIZE",
                        DEFAULT_SIZE,
                        1,
                        MAX_SIZE,
                        "the thumbnail's longest side in pixels; smaller images keep their size")
                .shapingOutput();

        public Provider() {
            super(
                    "thumbnail",
                    "1",
                    "scales JPEG, PNG, GIF and BMP images down to a longest side of SIZE pixels, same format, upright",
                    List.of(SIZE),
                    settings -> new Thumbnail((int) settings.wholeNumber(SIZE.name()), settings.maxPixels()));
        }
    }

    @Override
    public TransformOutput apply(TransformInput input) throws UnsupportedObjectException {
        byte[] bytes = input.bytes();
        String contentType = input.contentType();
        if (bytes.length == 0) {
            throw new UnsupportedObjectException("not an image (empty, " + ImageFiles.describe(contentType) + ")");
        }
        BufferedImage decoded;
        Format format;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageFiles.reader(in, contentType);
            format = Format.of(reader);
            try {
                reader.setInput(in, true, format != Format.JPEG);
                decoded = decode(reader, format);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Closing a memory-backed stream over a byte array does not fail in practice.
            throw new UnsupportedObjectException("unreadable image: " + e.getMessage());
        }
        BufferedImage thumbnail = scaled(decoded, format);
        if (format == Format.JPEG) {
            thumbnail = ExifOrientation.upright(thumbnail, ExifOrientation.of(bytes));
        }
        return new TransformOutput(ImageFiles.encode(thumbnail, null, format, "the thumbnail"), format.contentType);
    }

    /** The first image, subsampled to about {@link #DECODE_FACTOR} times the thumbnail's size. */
    private BufferedImage decode(ImageReader reader, Format format) throws UnsupportedObjectException {
        List<String> warnings = ImageFiles.warnings(reader);
        BufferedImage image;
        try {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            ImageFiles.checkPixelLimit(width, height, maxPixels);
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(Math.max(width, height), size);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedObjectException("corrupt or unsupported " + format + ": " + e.getMessage());
        }
        ImageFiles.failOnMissingData(warnings, format);
        ImageFiles.requireRgbOrGrey(image.getColorModel(), format);
        return image;
    }

    /**
     * Every how many pixels the decoder keeps one, in each direction, for an image whose longest side is
     * {@code longest}: the most that still leaves {@link #DECODE_FACTOR} × {@code size} pixels, and 1 for an
     * image that small already.
     */
    static int subsampling(int longest, int size) {
        return Math.max(1, longest / (DECODE_FACTOR * size));
    }

    /** The decoded image at the thumbnail's size, in a layout its format's writer takes. */
    private BufferedImage scaled(BufferedImage image, Format format) {
        int width = image.getWidth();
        int height = image.getHeight();
        int longest = Math.max(width, height);
        int targetWidth = width;
        int targetHeight = height;
        if (longest > size) {
            targetWidth = Math.max(1, (int) Math.round((double) width * size / longest));
            targetHeight = Math.max(1, (int) Math.round((double) height * size / longest));
        }
        int type = layout(image, format);
        BufferedImage current = image;
        int w = width;
        int h = height;
        do {
            // Halving steps, then the last step to the exact size: one bilinear step from far above
            // would skip most source pixels. A step that halves both sides of a colour image is the mean
            // of each 2 × 2 block, which is what a bilinear draw samples there, computed directly: a
            // fifth of the draw's time on a 1024 px photo, where the halving steps cost more than the rest.
            w = Math.max(targetWidth, w / 2);
            h = Math.max(targetHeight, h / 2);
            BufferedImage halved =
                    type == BufferedImage.TYPE_INT_RGB && w == current.getWidth() / 2 && h == current.getHeight() / 2
                            ? BoxHalving.halved(current)
                            : null;
            current = halved != null ? halved : drawn(current, w, h, type);
        } while (w != targetWidth || h != targetHeight);
        return current;
    }

    /** Grey stays grey; alpha is kept where the format holds it (PNG, GIF transparency); RGB otherwise. */
    private static int layout(BufferedImage image, Format format) {
        boolean grey = image.getColorModel().getNumColorComponents() == 1
                && !(image.getColorModel() instanceof IndexColorModel);
        boolean alpha = image.getColorModel().hasAlpha() && (format == Format.PNG || format == Format.GIF);
        if (alpha) {
            return BufferedImage.TYPE_INT_ARGB;
        }
        return grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    }

    private static BufferedImage drawn(BufferedImage source, int width, int height, int type) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
