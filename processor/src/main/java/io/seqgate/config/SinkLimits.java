package io.seqgate.config;

/**
 * What the sink refuses to transform (it ends UNSUPPORTED instead).
 *
 * @param maxObjectBytes {@code SEQGATE_MAX_OBJECT_BYTES}: larger inputs are not downloaded, and larger
 *                       outputs are not written
 * @param maxPixels      {@code SEQGATE_MAX_PIXELS}: larger images are not decoded
 */
public record SinkLimits(long maxObjectBytes, long maxPixels) {

    /**
     * The pixel limit unless {@code SEQGATE_MAX_PIXELS} says otherwise: 40 megapixels, above any phone
     * camera, and a decoded 4-byte raster of 160 MB at most.
     */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
}
