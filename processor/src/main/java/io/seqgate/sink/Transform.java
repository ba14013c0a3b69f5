package io.seqgate.sink;

/** Turns the bytes of an input object into the bytes of its output object. */
public interface Transform {

    /**
     * @param input       the whole input object
     * @param contentType the input's content type as stored, or null
     * @return the output bytes and their content type
     * @throws UnsupportedObjectException when this transform cannot handle the input (not an
     *                                    image, too many pixels, ...); the reason is shown to users
     */
    Transformed apply(byte[] input, String contentType) throws UnsupportedObjectException;

    /**
     * This transform's name and version, e.g. {@code invert/1}, recorded in every output it writes: an
     * output written by another transform, or another version of it, is out of date (docs/reconcile.md).
     * Change the version whenever the same input would give other output bytes. A transform that wraps
     * another (to time it, to slow it down) returns the wrapped one's.
     */
    default String identity() {
        return getClass().getName();
    }

    record Transformed(byte[] bytes, String contentType) {}
}
