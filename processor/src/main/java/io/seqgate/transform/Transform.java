package io.seqgate.transform;

import java.time.Duration;
import java.util.Optional;

/**
 * Makes the output of one object from its input: the work seqgate runs on the newest version of each
 * object, once. Made by a {@link TransformProvider} at start; one instance is called from many threads
 * at once, so it must be thread-safe. See the package documentation for what the guarantees need of it.
 */
@FunctionalInterface
public interface Transform extends AutoCloseable {

    /**
     * @param input the input object's bytes and what S3 says about it
     * @return the output's bytes and content type; never null
     * @throws UnsupportedObjectException  this input cannot be transformed, and trying again will not
     *                                     help (not an image, a format it does not read); the message is
     *                                     the reason users see, and the event ends UNSUPPORTED
     * @throws TransientTransformException the transform could not run this time (a service it calls is
     *                                     down or slow): seqgate calls it again, with backoff, within the
     *                                     sink's retry budget ({@code SEQGATE_S3_RETRY_BUDGET}), and then
     *                                     ends the event FAILED with the message
     * @throws InterruptedException        the processor is closing; give up
     */
    TransformOutput apply(TransformInput input)
            throws UnsupportedObjectException, TransientTransformException, InterruptedException;

    /**
     * The longest one {@link #apply} can take, when the transform bounds it itself (a call to a service,
     * with a timeout). seqgate adds it to the longest an event can take, from which Kafka's transaction
     * timeout is sized. Empty (the default) for a transform that only computes: its time is bounded by
     * the input limits ({@code SEQGATE_MAX_OBJECT_BYTES}, {@code SEQGATE_MAX_PIXELS}).
     */
    default Optional<Duration> maxCallTime() {
        return Optional.empty();
    }

    /** Releases what the transform holds (a connection pool); called once, when the processor stops. */
    @Override
    default void close() {}
}
