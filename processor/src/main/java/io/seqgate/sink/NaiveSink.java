package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.ObjectEvent;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Coordination off: the baseline the demo compares against, what a typical consumer does. A create
 * reads the event's version (or the latest, when the event names none), transforms it and writes
 * the output unconditionally; a remove deletes the output unconditionally.
 */
final class NaiveSink implements SinkMode {

    private final long maxObjectBytes;
    private final InputReader inputs;
    private final OutputBucket outputs;
    private final MeteredTransform transform;

    NaiveSink(SinkParts parts) {
        this.maxObjectBytes = parts.settings().maxObjectBytes();
        this.inputs = parts.inputs();
        this.outputs = parts.outputs();
        this.transform = parts.transform();
    }

    @Override
    public SinkResult create(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.size() != null && event.size() > maxObjectBytes) {
            return SinkResult.unsupported(SinkReasons.tooLarge(event.size(), maxObjectBytes));
        }
        Input input = inputs.readOrNull(event, event.versionId(), null, calls);
        if (input == null) {
            return SinkResult.superseded(SinkReasons.INPUT_GONE);
        }
        try (input) {
            return transformAndPut(event, input, calls);
        }
    }

    /** A reconcile record: the input's current version written over the output, or the output deleted when it is gone. */
    @Override
    public SinkResult settle(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        Input input = inputs.readOrNull(event, null, null, calls);
        if (input == null) {
            return remove(event, calls);
        }
        try (input) {
            return transformAndPut(event, input, calls);
        }
    }

    private SinkResult transformAndPut(ObjectEvent event, Input input, S3Calls.Budget calls)
            throws InterruptedException {
        if (input.bytes() == null) {
            return SinkResult.unsupported(SinkReasons.tooLarge(input.length(), maxObjectBytes));
        }
        TransformOutput output;
        try {
            output = transform.apply(event, input, calls);
        } catch (UnsupportedObjectException e) {
            return SinkResult.unsupported(e.getMessage());
        }
        String outputKey = outputs.key(event);
        PutObjectResponse written =
                outputs.put(outputKey, output, OutputMetadata.of(event, input, transform.identity()), calls);
        return SinkResult.done(SinkReasons.WROTE_UNCONDITIONALLY, outputKey, ETags.unquoted(written.eTag()));
    }

    @Override
    public SinkResult remove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        String outputKey = outputs.key(event);
        outputs.delete(outputKey, calls);
        return SinkResult.done(SinkReasons.DELETED_UNCONDITIONALLY, outputKey, null);
    }
}
