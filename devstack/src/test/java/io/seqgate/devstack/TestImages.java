package io.seqgate.devstack;

import io.seqgate.config.SinkLimits;
import io.seqgate.transform.UnsupportedObjectException;
import io.seqgate.transform.builtin.InvertColours;

/** What seqgate should make of the test pictures ({@link io.seqgate.devstack.pictures.Pictures}). */
final class TestImages {

    private static final InvertColours INVERT = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);

    private TestImages() {}

    static byte[] inverted(byte[] png) {
        try {
            return INVERT.apply(png, "image/png").bytes();
        } catch (UnsupportedObjectException e) {
            throw new IllegalStateException(e);
        }
    }
}
