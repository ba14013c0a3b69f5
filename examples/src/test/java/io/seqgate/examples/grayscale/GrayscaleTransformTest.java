package io.seqgate.examples.grayscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransformSettings;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A plugin's own test: the provider made as seqgate makes it, with settings as seqgate hands them over. */
class GrayscaleTransformTest {

    private static Transform grayscale(long levels) throws Exception {
        return new GrayscaleProvider().create(new TransformSettings(Map.of("LEVELS", levels), 1_000_000, 1_000_000));
    }

    private static TransformInput input(byte[] bytes, String contentType) {
        return new TransformInput("in", "a", null, null, contentType, null, bytes);
    }

    private static byte[] png(int rgb) throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aColourPngBecomesAGreyPng() throws Exception {
        TransformOutput output = grayscale(256).apply(input(png(0xff0000), "image/png"));

        BufferedImage grey = ImageIO.read(new ByteArrayInputStream(output.bytes()));
        assertThat(output.contentType()).isEqualTo("image/png");
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(grey.getRaster().getSample(0, 0, 0)).isEqualTo(76); // 0.299 × 255
    }

    @Test
    void twoLevelsAreBlackAndWhite() throws Exception {
        TransformOutput output = grayscale(2).apply(input(png(0xc0c0c0), "image/png"));

        assertThat(ImageIO.read(new ByteArrayInputStream(output.bytes()))
                        .getRaster()
                        .getSample(0, 0, 0))
                .isEqualTo(255);
    }

    @Test
    void whatIsNotAnImageIsRefused() {
        assertThatThrownBy(() -> grayscale(256).apply(input("text".getBytes(StandardCharsets.UTF_8), "text/plain")))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("not an image");
    }

    @Test
    void itDeclaresItsNameVersionAndSettingForSeqgate() {
        GrayscaleProvider provider = new GrayscaleProvider();

        assertThat(provider.name()).isEqualTo("grayscale");
        assertThat(provider.version()).isEqualTo("1");
        assertThat(provider.settings()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("LEVELS");
            assertThat(s.shapesOutput()).isTrue();
        });
    }
}
