package io.seqgate.config;

/**
 * What the sink refuses to transform (it ends UNSUPPORTED instead).
 *
 * @param maxObjectBytes {@code SEQGATE_MAX_OBJECT_BYTES}: larger inputs are not downloaded
 * @param maxPixels      {@code SEQGATE_MAX_PIXELS}: larger images are not decoded
 */
public record SinkLimits(long maxObjectBytes, long maxPixels) {}
