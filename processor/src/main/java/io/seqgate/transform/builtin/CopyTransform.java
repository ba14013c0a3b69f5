package io.seqgate.transform.builtin;

import io.seqgate.transform.SimpleTransformProvider;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;

/**
 * The {@code copy} transform: the output is the input's bytes unchanged, with its content type, for any
 * content. What seqgate adds is the rest: the output bucket mirrors the newest version of each input
 * object, never an older one, and loses the outputs of deleted inputs.
 */
public final class CopyTransform implements Transform {

    /** What an output is labelled when its input has no content type, or one a header cannot carry. */
    static final String UNKNOWN_CONTENT_TYPE = "application/octet-stream";

    /** Finds {@code copy}. */
    public static final class Provider extends SimpleTransformProvider {
        public Provider() {
            super("copy", "1", "the input's bytes unchanged, any content type", settings -> new CopyTransform());
        }
    }

    @Override
    public TransformOutput apply(TransformInput input) {
        String contentType = input.contentType();
        try {
            return new TransformOutput(input.bytes(), contentType == null ? UNKNOWN_CONTENT_TYPE : contentType);
        } catch (IllegalArgumentException e) {
            // S3 stored it, but another server may hand back what a header cannot carry.
            return new TransformOutput(input.bytes(), UNKNOWN_CONTENT_TYPE);
        }
    }
}
