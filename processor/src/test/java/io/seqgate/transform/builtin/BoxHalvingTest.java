package io.seqgate.transform.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoxHalvingTest {

    /** Noise over gradients, so that every 2 × 2 block holds four different colours. */
    private static BufferedImage noisy(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (x * 255 / width + random.nextInt(60)) & 0xff;
                int green = (y * 255 / height + random.nextInt(60)) & 0xff;
                int blue = random.nextInt(256);
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }

    private static BufferedImage drawnAtHalf(BufferedImage source) {
        BufferedImage target =
                new BufferedImage(source.getWidth() / 2, source.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(source, 0, 0, target.getWidth(), target.getHeight(), null);
        g.dispose();
        return target;
    }

    private static int largestChannelDifference(BufferedImage a, BufferedImage b) {
        int largest = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    largest = Math.max(largest, Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)));
                }
            }
        }
        return largest;
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB})
    void givesWhatABilinearDrawAtHalfTheSizeGives(int type) {
        BufferedImage source = noisy(96, 64, type);

        BufferedImage halved = BoxHalving.halved(source);

        assertThat(halved.getWidth()).isEqualTo(48);
        assertThat(halved.getHeight()).isEqualTo(32);
        assertThat(halved.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(largestChannelDifference(halved, drawnAtHalf(source)))
                .as("largest difference of a channel from the bilinear draw")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void eachPixelIsTheRoundedMeanOfItsBlock() {
        BufferedImage source = new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
        source.setRGB(0, 0, 0x000000);
        source.setRGB(1, 0, 0x0a1400);
        source.setRGB(0, 1, 0x000001);
        source.setRGB(1, 1, 0xff0003);

        int rgb = BoxHalving.halved(source).getRGB(0, 0);

        assertThat(rgb & 0xffffff).isEqualTo(0x42_05_01); // (0+10+0+255)/4 = 66.25 → 66, (0+20+0+0)/4, (0+0+1+3)/4
    }

    @Test
    void leavesOutALastOddColumnAndRow() {
        BufferedImage source = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            source.setRGB(4, y, 0xffffff);
        }
        for (int x = 0; x < 5; x++) {
            source.setRGB(x, 2, 0xffffff);
        }

        BufferedImage halved = BoxHalving.halved(source);

        assertThat(halved.getWidth()).isEqualTo(2);
        assertThat(halved.getHeight()).isEqualTo(1);
        assertThat(halved.getRGB(0, 0) & 0xffffff).isZero();
        assertThat(halved.getRGB(1, 0) & 0xffffff).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_4BYTE_ABGR})
    void leavesOtherLayoutsToTheDraw(int type) {
        assertThat(BoxHalving.halved(new BufferedImage(8, 8, type))).isNull();
    }

    @Test
    void leavesAPartOfALargerImageToTheDraw() {
        BufferedImage part = noisy(16, 16, BufferedImage.TYPE_3BYTE_BGR).getSubimage(2, 2, 8, 8);

        assertThat(BoxHalving.halved(part)).isNull();
    }

    @Test
    void anImageOfOnePixelInEitherDirectionIsLeftToTheDraw() {
        assertThat(BoxHalving.halved(new BufferedImage(1, 8, BufferedImage.TYPE_INT_RGB)))
                .isNull();
        assertThat(BoxHalving.halved(new BufferedImage(8, 1, BufferedImage.TYPE_INT_RGB)))
                .isNull();
    }
}
