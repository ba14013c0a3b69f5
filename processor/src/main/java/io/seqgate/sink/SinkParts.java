package io.seqgate.sink;

import java.util.Objects;

/**
 * What every way of settling an output works with, made once per sink ({@link S3ObjectSink}) and shared
 * by its modes and their steps: the sink's settings, the reader of inputs, the output bucket, what an
 * output records ({@link OutputMetadata}) and the transform.
 */
record SinkParts(
        SinkSettings settings,
        InputReader inputs,
        OutputBucket outputs,
        OutputMetadata recorded,
        MeteredTransform transform) {

    SinkParts {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(transform, "transform");
    }
}
