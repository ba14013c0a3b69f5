package io.seqgate.examples.grayscale;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformProvider;
import io.seqgate.transform.TransformSetting;
import io.seqgate.transform.TransformSettings;
import java.util.List;

/**
 * {@code SEQGATE_TRANSFORM=grayscale}: PNG and JPEG images in shades of grey. Found by seqgate through
 * {@code META-INF/services/io.seqgate.transform.TransformProvider} in this jar.
 */
public final class GrayscaleProvider implements TransformProvider {

    @Override
    public String name() {
        return "grayscale";
    }

    /** Bump it when the same image would give other bytes: seqgate reconcile then derives every output again. */
    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "PNG and JPEG images in LEVELS shades of grey (example plugin)";
    }

    /** Read from SEQGATE_TRANSFORM_GRAYSCALE_LEVELS; it changes the output, so outputs record its value. */
    @Override
    public List<TransformSetting> settings() {
        return List.of(TransformSetting.wholeNumber(
                        "LEVELS", 256, 2, 256, "shades of grey: 256 keeps every one, 2 is black and white")
                .shapingOutput());
    }

    @Override
    public Transform create(TransformSettings settings) {
        return new GrayscaleTransform((int) settings.wholeNumber("LEVELS"), settings.maxPixels());
    }
}
