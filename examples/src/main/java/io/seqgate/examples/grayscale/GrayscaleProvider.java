package io.seqgate.examples.grayscale;

import io.seqgate.transform.SimpleTransformProvider;
import io.seqgate.transform.TransformSetting;
import java.util.List;

/**
 * {@code SEQGATE_TRANSFORM=grayscale}: PNG and JPEG images in shades of grey. Found by seqgate through
 * {@code META-INF/services/io.seqgate.transform.TransformProvider} in this jar.
 */
public final class GrayscaleProvider extends SimpleTransformProvider {

    /** Read from SEQGATE_TRANSFORM_GRAYSCALE_LEVELS; it changes the output, so outputs record its value. */
    private static final TransformSetting LEVELS = TransformSetting.wholeNumber(
                    "LEVELS", 256, 2, 256, "shades of grey: 256 keeps every one, 2 is black and white")
            .shapingOutput();

    /** Version 1: bump it when the same image would give other bytes, and seqgate reconcile derives every output again. */
    public GrayscaleProvider() {
        super(
                "grayscale",
                "1",
                "PNG and JPEG images in LEVELS shades of grey (example plugin)",
                List.of(LEVELS),
                settings -> new GrayscaleTransform((int) settings.wholeNumber(LEVELS.name()), settings.maxPixels()));
    }
}
