package io.seqgate.transform.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.config.SinkLimits;
import io.seqgate.sink.ClaimingImages;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvertColoursTest {

    private final InvertColours transform = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);

    @Test
    void invertsEveryRgbChannelOfPng() throws Exception {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x000000);
        image.setRGB(1, 0, 0xffffff);
        image.setRGB(0, 1, 0x102030);
        image.setRGB(1, 1, 0xff8001);

        BufferedImage out = decode(transform.apply(encode(image, "png"), "image/png"));

        assertThat(rgb(out)).containsExactly(0xffffff, 0x000000, 0xefdfcf, 0x007ffe);
    }

    @Test
    void keepsAlphaOfPng() throws Exception {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00102030);
        image.setRGB(1, 0, 0x80102030);
        image.setRGB(2, 0, 0xff102030);

        BufferedImage out = decode(transform.apply(encode(image, "png"), "image/png"));

        assertThat(argb(out)).containsExactly(0x00efdfcf, 0x80efdfcf, 0xffefdfcf);
    }

    @ParameterizedTest
    @CsvSource({"jpeg, image/jpeg", "png, image/png", "gif, image/gif", "bmp, image/bmp"})
    void keepsFormatAndContentType(String format, String contentType) throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);

        // A misleading content type: the format must come from the bytes.
        TransformOutput out = transform.apply(encode(image, format), "application/octet-stream");

        assertThat(out.contentType()).isEqualTo(contentType);
        assertThat(formatOf(out.bytes())).isEqualToIgnoringCase(format);
    }

    @Test
    void invertsSmoothJpegWithinCompressionError() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
            }
        }
        BufferedImage original = decode(encode(image, "jpeg"));

        BufferedImage out = decode(transform.apply(encode(image, "jpeg"), "image/jpeg"));

        double error = 0;
        int[] expected = rgb(original);
        int[] actual = rgb(out);
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                error += Math.abs((255 - (expected[i] >> shift & 0xff)) - (actual[i] >> shift & 0xff));
            }
        }
        assertThat(error / (expected.length * 3)).isLessThan(2.0);
    }

    @Test
    void keepsExifSegmentOfJpeg() throws Exception {
        // The EXIF orientation of a phone photo must survive, or the output shows up rotated.
        byte[] jfif = encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        byte[] exif = "Exif\0\0MM\0*\0\0\0\bseqgate-exif-marker".getBytes(StandardCharsets.ISO_8859_1);
        int app0End = 4 + ((jfif[4] & 0xff) << 8 | (jfif[5] & 0xff));
        ByteArrayOutputStream camera = new ByteArrayOutputStream();
        camera.write(jfif, 0, 2);
        camera.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, 0, (byte) (exif.length + 2)});
        camera.writeBytes(exif);
        camera.write(jfif, app0End, jfif.length - app0End);

        byte[] out = transform.apply(camera.toByteArray(), "image/jpeg").bytes();

        assertThat(new String(out, StandardCharsets.ISO_8859_1)).contains("seqgate-exif-marker");
    }

    @Test
    void invertsEveryRgbChannelOfBmp() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(0, 0, 0x102030);
        image.setRGB(1, 0, 0xff0080);

        BufferedImage out = decode(transform.apply(encode(image, "bmp"), "image/bmp"));

        assertThat(rgb(out)).containsExactly(0xefdfcf, 0x00ff7f);
    }

    @Test
    void invertsEveryRgbChannelOf32BitBmp() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x102030);
        image.setRGB(1, 0, 0xff0080);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("bmp").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("BI_BITFIELDS");
        byte[] bmp = write(writer, new IIOImage(image, null, null), param);

        BufferedImage out = decode(transform.apply(bmp, "image/bmp"));

        assertThat(rgb(out)).containsExactly(0xefdfcf, 0x00ff7f);
    }

    @Test
    void rejectsCmykJpeg() throws Exception {
        // A 4-band raster is written as a 4-channel JPEG, which ImageIO reads back as CMYK.
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 8, 8, 4, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        byte[] jpeg = write(writer, new IIOImage(cmyk, null, null), null);

        assertThatThrownBy(() -> transform.apply(jpeg, "image/jpeg"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("JPEG in CMYK colour is not supported (RGB and grey only)");
    }

    @Test
    void invertsEveryChannelOf16BitBmpToItsOwnMaximum() throws Exception {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
        image.getRaster().setPixel(0, 0, new int[] {3, 10, 31});

        BufferedImage out = decode(transform.apply(encode(image, "bmp"), "image/bmp"));

        assertThat(out.getRaster().getPixel(0, 0, (int[]) null)).containsExactly(28, 53, 0);
    }

    @Test
    void invertsPaletteOfGifAndKeepsTransparency() throws Exception {
        byte[] reds = {0x00, (byte) 0xff, 0x10, 0x55};
        byte[] greens = {0x00, (byte) 0x80, 0x20, 0x55};
        byte[] blues = {0x00, 0x01, 0x30, 0x55};
        IndexColorModel palette = new IndexColorModel(2, 4, reds, greens, blues, 3);
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        image.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1, 2, 3});

        BufferedImage out = decode(transform.apply(encode(image, "gif"), "image/gif"));

        assertThat(out.getColorModel()).isInstanceOf(IndexColorModel.class);
        int[] pixels = argb(out);
        assertThat(Arrays.copyOf(pixels, 3)).containsExactly(0xffffffff, 0xff007ffe, 0xffefdfcf);
        assertThat(pixels[3] >>> 24).as("alpha of the transparent pixel").isZero();
    }

    @Test
    void invertsPaletteOfPngAndKeepsItsAlpha() throws Exception {
        byte[] reds = {0x10, (byte) 0xff};
        byte[] greens = {0x20, 0x00};
        byte[] blues = {0x30, 0x00};
        byte[] alphas = {(byte) 0xff, 0x40};
        IndexColorModel palette = new IndexColorModel(1, 2, reds, greens, blues, alphas);
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        image.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});

        BufferedImage out = decode(transform.apply(encode(image, "png"), "image/png"));

        assertThat(argb(out)).containsExactly(0xffefdfcf, 0x4000ffff);
    }

    @Test
    void invertsGrayscalePng() throws Exception {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});

        BufferedImage out = decode(transform.apply(encode(image, "png"), "image/png"));

        assertThat(out.getRaster().getSamples(0, 0, 3, 1, 0, (int[]) null)).containsExactly(255, 155, 0);
    }

    @Test
    void inverts16BitGrayscalePngAgainst65535() throws Exception {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1000, 65535});

        BufferedImage out = decode(transform.apply(encode(image, "png"), "image/png"));

        assertThat(out.getRaster().getSamples(0, 0, 3, 1, 0, (int[]) null)).containsExactly(65535, 64535, 0);
    }

    @Test
    void invertingTwiceGivesOriginal() throws Exception {
        BufferedImage image = new BufferedImage(31, 17, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(42);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        byte[] png = encode(image, "png");

        byte[] twice = transform
                .apply(transform.apply(png, "image/png").bytes(), "image/png")
                .bytes();

        assertThat(argb(decode(twice))).containsExactly(argb(decode(png)));
    }

    @Test
    void rejectsNonImageAsUnsupported() {
        byte[] text = "hello, not a picture".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> transform.apply(text, "text/plain"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("not an image (content type text/plain)");
    }

    @Test
    void rejectsEmptyObjectAsUnsupported() {
        assertThatThrownBy(() -> transform.apply(new byte[0], null))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("not an image (empty, no content type)");
    }

    @Test
    void rejectsTiffNamingItsFormat() throws Exception {
        byte[] tiff = encode(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "tiff");

        assertThatThrownBy(() -> transform.apply(tiff, "image/png"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessageStartingWith("unsupported image format TIF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "gif", "bmp"})
    void rejectsTruncatedImage(String format) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        byte[] whole = encode(image, format);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> transform.apply(truncated, "image/" + format))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessageContainingAll("corrupt", format.toUpperCase());
    }

    @Test
    void rejectsAnimatedGif() throws Exception {
        IIOImage frame = new IIOImage(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), null, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(frame, null);
            writer.writeToSequence(frame, null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        assertThatThrownBy(() -> transform.apply(bytes.toByteArray(), "image/gif"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessageContaining("animated GIF");
    }

    @Test
    @Timeout(5)
    void rejectsImageOverPixelLimitWithoutDecoding() {
        // 100000 x 100000 RGB would need 30 GB once decoded; the file is under 100 bytes.
        byte[] bomb = ClaimingImages.png(100_000, 100_000);

        assertThatThrownBy(() -> transform.apply(bomb, "image/png"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("image is 100000x100000 = 10000000000 pixels, over the limit of 40000000"
                        + " (SEQGATE_MAX_PIXELS)");
    }

    @Test
    void acceptsImageAtExactlyThePixelLimit() throws Exception {
        InvertColours limited = new InvertColours(12);

        byte[] png = encode(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png");

        TransformOutput out = limited.apply(png, null);

        assertThat(out.contentType()).isEqualTo("image/png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format, bytes))
                    .as("ImageIO can write %s", format)
                    .isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(TransformOutput transformed) throws IOException {
        return decode(transformed.bytes());
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("decodable output").isNotNull();
        return image;
    }

    private static String formatOf(byte[] bytes) throws IOException {
        ImageReader reader = ImageIO.getImageReaders(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)))
                .next();
        return reader.getFormatName();
    }

    private static int[] rgb(BufferedImage image) {
        return Arrays.stream(argb(image)).map(p -> p & 0xffffff).toArray();
    }

    private static int[] argb(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
