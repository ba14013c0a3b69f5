package io.seqgate.examples.grayscale;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns a PNG or JPEG into shades of grey (ITU-R BT.601 luma), in the format it came in. What the SPI
 * asks of it: the same input gives the same bytes, nothing is written anywhere, what it cannot read is
 * refused with {@link UnsupportedObjectException}, and the pixel limit is checked from the header before
 * decoding. Stateless, so one instance serves every thread.
 */
final class GrayscaleTransform implements Transform {

    private final int levels;
    private final long maxPixels;

    GrayscaleTransform(int levels, long maxPixels) {
        this.levels = levels;
        this.maxPixels = maxPixels;
    }

    @Override
    public TransformOutput apply(TransformInput input) throws UnsupportedObjectException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(input.openStream())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnsupportedObjectException("not an image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg")) {
                    throw new UnsupportedObjectException(format + " is not supported (PNG and JPEG only)");
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new UnsupportedObjectException(pixels + " pixels, over the limit of " + maxPixels);
                }
                BufferedImage grey = grey(reader.read(0));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(grey, format, out);
                return new TransformOutput(out.toByteArray(), "image/" + format);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UnsupportedObjectException("unreadable image: " + e.getMessage());
        }
    }

    private BufferedImage grey(BufferedImage colour) {
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grey.getRaster();
        int step = 255 / (levels - 1);
        for (int y = 0; y < colour.getHeight(); y++) {
            for (int x = 0; x < colour.getWidth(); x++) {
                int rgb = colour.getRGB(x, y);
                int luma = (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
                raster.setSample(x, y, 0, Math.min(255, Math.round((float) luma / step) * step));
            }
        }
        return grey;
    }
}
