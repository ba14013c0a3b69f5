package io.seqgate.sink;

/**
 * How much memory one sink job holds for an input, estimated before its body is read: from its first
 * bytes, which hold an image's header, and its size. {@link InputReader} claims that much of the
 * {@link SinkMemory} budget before it reads the rest (docs/sizing.md).
 *
 * <p>{@link #images} suits any transform that decodes images whole and writes one output. A transform
 * that holds less or more (one that decodes with subsampling, or copies bytes without decoding) plugs
 * its own estimate in where the sink is built ({@code runtime.Sinks}).
 */
@FunctionalInterface
public interface MemoryEstimate {

    /**
     * How many first bytes of an input the estimate is given: enough for the header of a JPEG behind its
     * EXIF block (at most 64 KiB), of a PNG, GIF or BMP.
     */
    int HEAD_BYTES = 64 * 1024;

    /**
     * @param head        the input's first {@link #HEAD_BYTES} bytes, or all of it when it is shorter
     * @param size        the input's size in bytes
     * @param contentType the input's content type as stored, or null
     * @return the most bytes the job holds at once for this input: the input itself, what the transform
     *     makes of it while it runs, and the output
     */
    long bytes(byte[] head, long size, String contentType);

    /**
     * For a transform that decodes an image whole ({@link InvertColours}): the input, its decoded pixels
     * read from the header (at least 4 bytes each), and the encoded output; a multiple of the size for
     * anything that is not an image.
     *
     * @param maxPixels the pixel limit ({@code SEQGATE_MAX_PIXELS}): an image over it is refused from its
     *                  header, before any pixel is decoded
     */
    static MemoryEstimate images(long maxPixels) {
        return new ImageMemoryEstimate(maxPixels);
    }
}
