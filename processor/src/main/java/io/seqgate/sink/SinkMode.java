package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;

/**
 * How {@link S3ObjectSink} brings about what one accepted event asks for: {@link ReconcilingSink}
 * (coordination on) or {@link NaiveSink} (off). S3 errors are thrown to the sink, which reports them.
 */
interface SinkMode {

    SinkResult create(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException;

    SinkResult remove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException;

    /** A reconcile record: brings the output in line with whatever the input holds now. */
    SinkResult settle(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException;
}
