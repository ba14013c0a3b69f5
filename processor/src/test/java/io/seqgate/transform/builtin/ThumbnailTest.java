package io.seqgate.transform.builtin;

import static io.seqgate.transform.builtin.TestInputs.decode;
import static io.seqgate.transform.builtin.TestInputs.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.config.SinkLimits;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThumbnailTest {

    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    private static final int BLUE = 0x0000ff;
    private static final int WHITE = 0xffffff;

    private final Thumbnail thumbnail = new Thumbnail(64, SinkLimits.DEFAULT_MAX_PIXELS);

    private TransformOutput apply(Thumbnail transform, byte[] bytes, String contentType)
            throws UnsupportedObjectException {
        return transform.apply(TestInputs.of(bytes, contentType));
    }

    /** TL red, TR green, BL blue, BR white: which corner went where tells a turn or a mirror. */
    private static BufferedImage quadrants(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(RED));
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(new Color(GREEN));
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(new Color(BLUE));
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(new Color(WHITE));
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** Which of the four colours a pixel (of a lossy JPEG) is nearest to. */
    private static int nearest(int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int candidate : new int[] {RED, GREEN, BLUE, WHITE}) {
            long d = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int diff = ((rgb >> shift) & 0xff) - ((candidate >> shift) & 0xff);
                d += (long) diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** The colours at the middle of the four quadrants: TL, TR, BL, BR. */
    private static int[] corners(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new int[] {
            nearest(image.getRGB(w / 4, h / 4)),
            nearest(image.getRGB(3 * w / 4, h / 4)),
            nearest(image.getRGB(w / 4, 3 * h / 4)),
            nearest(image.getRGB(3 * w / 4, 3 * h / 4))
        };
    }

    @Test
    void scalesAPngSoThatItsLongestSideIsTheSize() throws Exception {
        byte[] png = encode(quadrants(256, 256, BufferedImage.TYPE_INT_RGB), "png");

        TransformOutput output = apply(thumbnail, png, "image/png");

        BufferedImage small = decode(output.bytes());
        assertThat(output.contentType()).isEqualTo("image/png");
        assertThat(TestInputs.formatOf(output.bytes())).isEqualTo("png");
        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(small.getHeight()).isEqualTo(64);
        assertThat(corners(small)).containsExactly(RED, GREEN, BLUE, WHITE);
    }

    @Test
    void keepsTheAspectRatio() throws Exception {
        byte[] png = encode(quadrants(400, 100, BufferedImage.TYPE_INT_RGB), "png");

        BufferedImage small = decode(apply(thumbnail, png, "image/png").bytes());

        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(small.getHeight()).isEqualTo(16);
    }

    @Test
    void anImageAlreadySmallerThanTheSizeKeepsItsSize() throws Exception {
        byte[] png = encode(quadrants(40, 20, BufferedImage.TYPE_INT_RGB), "png");

        BufferedImage same = decode(apply(thumbnail, png, "image/png").bytes());

        assertThat(same.getWidth()).isEqualTo(40);
        assertThat(same.getHeight()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource({"jpg, image/jpeg, jpeg", "gif, image/gif, gif", "bmp, image/bmp, bmp"})
    void writesTheFormatTheImageCameIn(String format, String contentType, String written) throws Exception {
        byte[] image = encode(quadrants(200, 100, BufferedImage.TYPE_INT_RGB), format);

        TransformOutput output = apply(thumbnail, image, "application/octet-stream");

        assertThat(output.contentType()).isEqualTo(contentType);
        assertThat(TestInputs.formatOf(output.bytes())).isEqualTo(written);
        BufferedImage small = decode(output.bytes());
        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(corners(small)).containsExactly(RED, GREEN, BLUE, WHITE);
    }

    @Test
    void keepsTheTransparencyOfAPng() throws Exception {
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(255, 0, 0, 255));
        g.fillRect(0, 0, 64, 128);
        g.dispose(); // the right half stays fully transparent

        BufferedImage small =
                decode(apply(thumbnail, encode(image, "png"), "image/png").bytes());

        assertThat(small.getColorModel().hasAlpha()).isTrue();
        assertThat(small.getRGB(8, 32) >>> 24).isEqualTo(255);
        assertThat(small.getRGB(56, 32) >>> 24).isZero();
    }

    @Test
    void keepsAGreyImageGrey() throws Exception {
        BufferedImage grey = new BufferedImage(256, 128, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 256, 128);
        g.dispose();

        BufferedImage small =
                decode(apply(thumbnail, encode(grey, "png"), "image/png").bytes());

        assertThat(small.getColorModel().getNumColorComponents()).isEqualTo(1);
        assertThat(small.getWidth()).isEqualTo(64);
    }

    /**
     * Which stored corner ends up where once the picture is shown upright (CIPA DC-008 §4.5.4): for 6 the
     * camera was turned a quarter clockwise, so the stored bottom-left shows top-left.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, false, RED GREEN BLUE WHITE",
        "2, false, GREEN RED WHITE BLUE",
        "3, false, WHITE BLUE GREEN RED",
        "4, false, BLUE WHITE RED GREEN",
        "5, true, RED BLUE GREEN WHITE",
        "6, true, BLUE RED WHITE GREEN",
        "7, true, WHITE GREEN BLUE RED",
        "8, true, GREEN WHITE RED BLUE"
    })
    void turnsAJpegUprightByItsExifOrientation(int orientation, boolean swapsSides, String upright) throws Exception {
        byte[] stored = withExifOrientation(
                encode(quadrants(128, 64, BufferedImage.TYPE_INT_RGB), "jpg"), orientation, orientation % 2 == 0);

        BufferedImage small = decode(apply(thumbnail, stored, "image/jpeg").bytes());

        assertThat(small.getWidth()).isEqualTo(swapsSides ? 32 : 64);
        assertThat(small.getHeight()).isEqualTo(swapsSides ? 64 : 32);
        int[] expected = Arrays.stream(upright.split(" ", -1))
                .mapToInt(name -> switch (name) {
                    case "RED" -> RED;
                    case "GREEN" -> GREEN;
                    case "BLUE" -> BLUE;
                    default -> WHITE;
                })
                .toArray();
        assertThat(corners(small)).containsExactly(expected);
    }

    @Test
    void theThumbnailIsWrittenWithoutTheOrientationItApplied() throws Exception {
        byte[] stored = withExifOrientation(encode(quadrants(128, 64, BufferedImage.TYPE_INT_RGB), "jpg"), 6, false);

        byte[] written = apply(thumbnail, stored, "image/jpeg").bytes();

        assertThat(ExifOrientation.of(stored)).isEqualTo(6);
        assertThat(ExifOrientation.of(written)).isEqualTo(ExifOrientation.NORMAL);
    }

    @Test
    void aMalformedExifSegmentCountsAsNoOrientation() {
        byte[] jpeg = encode(quadrants(16, 16, BufferedImage.TYPE_INT_RGB), "jpg");
        byte[] truncated = Arrays.copyOf(withExifOrientation(jpeg, 6, false), 30);

        assertThat(ExifOrientation.of(truncated)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.of(new byte[] {(byte) 0xff, (byte) 0xd8})).isEqualTo(ExifOrientation.NORMAL);
    }

    @Test
    void decodesWithSubsamplingChosenFromTheSizeInTheHeader() {
        assertThat(Thumbnail.subsampling(7360, 256)).isEqualTo(7);
        assertThat(Thumbnail.subsampling(1024, 256)).isEqualTo(1);
        assertThat(Thumbnail.subsampling(100, 256)).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> apply(thumbnail, "hello".getBytes(StandardCharsets.UTF_8), "text/plain"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("not an image (content type text/plain)");
    }

    @Test
    void refusesAnImageOverThePixelLimitFromItsHeader() {
        Thumbnail limited = new Thumbnail(64, 100);
        byte[] png = encode(quadrants(20, 10, BufferedImage.TYPE_INT_RGB), "png");

        assertThatThrownBy(() -> apply(limited, png, "image/png"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("image is 20x10 = 200 pixels, over the limit of 100 (SEQGATE_MAX_PIXELS)");
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] jpeg = encode(quadrants(512, 512, BufferedImage.TYPE_INT_RGB), "jpg");

        assertThatThrownBy(() -> apply(thumbnail, Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg"))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessageStartingWith("corrupt JPEG: ");
    }

    @Test
    void theSameInputGivesTheSameBytes() throws Exception {
        byte[] jpeg = encode(quadrants(300, 200, BufferedImage.TYPE_INT_RGB), "jpg");

        assertThat(apply(thumbnail, jpeg, "image/jpeg").bytes())
                .isEqualTo(apply(thumbnail, jpeg, "image/jpeg").bytes());
    }

    /**
     * {@code jpeg} with an Exif APP1 segment recording {@code orientation}, after its JFIF APP0, as a
     * camera writes it: TIFF header, IFD0 with the one entry 0x0112 SHORT, no next IFD.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}); // byte order, magic, IFD0 at 8
            tiff.writeBytes(new byte[] {1, 0}); // one entry
            tiff.writeBytes(new byte[] {0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0});
            tiff.writeBytes(new byte[] {0, 0, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
            tiff.writeBytes(new byte[] {0, 1});
            tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});
            tiff.writeBytes(new byte[] {0, 0, 0, 0});
        }
        byte[] body = tiff.toByteArray();
        int length = 2 + 6 + body.length;
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        app1.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) (length >> 8), (byte) length});
        app1.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        app1.writeBytes(body);
        // ImageIO writes SOI, then the JFIF APP0 segment: the Exif segment goes right after it.
        int afterApp0 = 2;
        if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
            afterApp0 = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, afterApp0);
        out.writeBytes(app1.toByteArray());
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }
}
