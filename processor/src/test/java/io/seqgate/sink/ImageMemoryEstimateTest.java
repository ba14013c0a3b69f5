package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a job is estimated to hold, from an input's first bytes and its size, before anything is decoded. */
class ImageMemoryEstimateTest {

    private static final long MAX_PIXELS = 40_000_000;
    private final MemoryEstimate estimate = MemoryEstimate.images(MAX_PIXELS);

    /** The input and its cached copy, and an output of twice its size held three times. */
    private static long aroundThePixels(long size) {
        return 2 * size + 6 * size;
    }

    @Test
    void aJpegHoldsFourBytesAPixelFromItsHeaderPlusItsBytesAndOutput() {
        byte[] jpeg = ClaimingImages.jpeg(6000, 4000, 0);
        long size = 1_800_000;

        assertThat(estimate.bytes(jpeg, size, "image/jpeg")).isEqualTo(6000L * 4000 * 4 + aroundThePixels(size));
    }

    @Test
    void aJpegWhoseHeaderFollowsACameraExifBlockWithinTheHeadIsReadAsWell() {
        byte[] jpeg = ClaimingImages.jpeg(6000, 6000, 40_000);

        assertThat(estimate.bytes(head(jpeg), 1_800_000, null))
                .isEqualTo(6000L * 6000 * 4 + aroundThePixels(1_800_000));
    }

    @Test
    void aJpegWhoseHeaderLiesBeyondTheHeadIsTakenAtThePixelLimitEightBytesAPixel() {
        byte[] jpeg = ClaimingImages.jpeg(300, 200, 100_000);

        assertThat(estimate.bytes(head(jpeg), 2_000_000, "image/jpeg"))
                .isEqualTo(MAX_PIXELS * 8 + aroundThePixels(2_000_000));
    }

    @Test
    void anEightBitPngHoldsFourBytesAPixel() {
        byte[] png = ClaimingImages.png(5000, 4000);

        assertThat(estimate.bytes(png, png.length, "image/png"))
                .isEqualTo(5000L * 4000 * 4 + aroundThePixels(png.length));
    }

    @Test
    void aSixteenBitPngWithAlphaHoldsEightBytesAPixel() {
        byte[] png = ClaimingImages.png(5000, 4000, 16, ClaimingImages.RGB_ALPHA);

        assertThat(estimate.bytes(png, png.length, "image/png"))
                .isEqualTo(5000L * 4000 * 8 + aroundThePixels(png.length));
    }

    @Test
    void aPalettePngHoldsFourBytesAPixelAtTheLeast() {
        byte[] png = ClaimingImages.png(1000, 1000, 8, ClaimingImages.PALETTE);

        assertThat(estimate.bytes(png, png.length, "image/png"))
                .isEqualTo(1000L * 1000 * 4 + aroundThePixels(png.length));
    }

    @Test
    void anImageOverThePixelLimitIsRefusedFromItsHeaderSoOnlyItsBytesCount() {
        byte[] bomb = ClaimingImages.png(100_000, 100_000);

        assertThat(estimate.bytes(bomb, bomb.length, "image/png")).isEqualTo(aroundThePixels(bomb.length));
    }

    @Test
    void anythingThatIsNotAnImageCountsThreeTimesItsSize() {
        byte[] text = "just some text, not a picture".getBytes(StandardCharsets.UTF_8);

        assertThat(estimate.bytes(text, 10_000_000, "text/plain")).isEqualTo(30_000_000);
        assertThat(estimate.bytes(new byte[0], 0, null)).isZero();
    }

    private static byte[] head(byte[] input) {
        return Arrays.copyOf(input, Math.min(input.length, MemoryEstimate.HEAD_BYTES));
    }
}
