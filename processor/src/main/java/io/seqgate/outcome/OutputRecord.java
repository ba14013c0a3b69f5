package io.seqgate.outcome;

import java.util.Objects;

/**
 * What an object's output holds, as the sink last wrote or found it: made from the input version of
 * {@code sourceETag} (and {@code sourceVersionId}) by {@code transform}, with its own eTag
 * {@code outputETag}. The gate keeps it in the object's state, so that a reconcile pass can tell an output
 * in sync from the two listings alone, with no request per object (docs/reconcile.md): an output listed
 * with that eTag, of an input listed with that version, is exactly what the sink wrote. Anything else —
 * another writer, a lost notification, another transform — shows as a listing that does not match.
 *
 * @param sourceETag      the eTag of the input version the output was made from
 * @param sourceVersionId that version's id, or null in an unversioned bucket
 * @param outputETag      the output's own eTag; null when there is rightly no output: that version could not
 *                        be transformed ({@link #refused})
 * @param transform       the identity of the transform that made it
 */
public record OutputRecord(String sourceETag, String sourceVersionId, String outputETag, String transform) {

    /** The output does not exist: the sink deleted it, or found it absent. */
    public static final OutputRecord ABSENT = new OutputRecord(null, null, null, null);

    /** No output, rightly: the input version of {@code sourceETag} could not be transformed by {@code transform}. */
    public static OutputRecord refused(String sourceETag, String sourceVersionId, String transform) {
        return new OutputRecord(sourceETag, sourceVersionId, null, transform);
    }

    /**
     * Whether an input listed with {@code inputETag} (and {@code inputVersionId}) rightly has no output: this
     * record says {@code currentTransform} could not transform that version.
     */
    public boolean refuses(String inputETag, String inputVersionId, String currentTransform) {
        return outputETag == null
                && sourceETag != null
                && sourceETag.equals(inputETag)
                && (inputVersionId == null || inputVersionId.equals(sourceVersionId))
                && Objects.equals(transform, currentTransform);
    }

    /**
     * Whether an output listed with {@code listedOutputETag}, of an input listed with {@code inputETag} and
     * (when the listing names one) {@code inputVersionId}, is this record's, made by {@code currentTransform}.
     */
    public boolean matches(String listedOutputETag, String inputETag, String inputVersionId, String currentTransform) {
        return outputETag != null
                && outputETag.equals(listedOutputETag)
                && Objects.equals(sourceETag, inputETag)
                && (inputVersionId == null || inputVersionId.equals(sourceVersionId))
                && Objects.equals(transform, currentTransform);
    }
}
