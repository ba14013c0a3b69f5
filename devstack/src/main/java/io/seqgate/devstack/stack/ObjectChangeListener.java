package io.seqgate.devstack.stack;

/**
 * Told about each successful change of an object in a subscribed bucket.
 *
 * <p>Called inside the S3 request, while the object's key is locked, in the order the store applied the
 * changes of that key: an implementation must be quick and must not block on I/O (hand the work to
 * another thread), and may rely on that order to stamp increasing sequencers.
 */
@FunctionalInterface
public interface ObjectChangeListener {

    void objectChanged(ObjectChange change);
}
