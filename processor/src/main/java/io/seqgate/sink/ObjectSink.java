package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;

/**
 * Brings the output of one object in line with the input an accepted event speaks of.
 *
 * <p>Implementations must be safe to call again for the same event (idempotent) and must never let
 * an older event replace the output of a newer one, even when called by an instance that has lost
 * its partition: Kafka's transaction does not cover S3 (docs/design.md §2). They return a result for every
 * event and throw only on programming errors.
 */
public interface ObjectSink extends AutoCloseable {

    SinkResult apply(ObjectEvent event);

    @Override
    default void close() {}
}
