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

    record Transformed(byte[] bytes, String contentType) {}
}
