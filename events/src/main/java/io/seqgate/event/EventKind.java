package io.seqgate.event;

/**
 * What an object event means for the output. Only {@link #CREATED} and {@link #REMOVED} pass the
 * gate and drive the sink (DESIGN §3); every other S3 event type (restore, replication, tagging,
 * ACL, lifecycle transition, ...) is {@link #OTHER} and is recorded as IGNORED.
 */
public enum EventKind {
    /** {@code ObjectCreated:*}, EventBridge "Object Created". */
    CREATED,
    /** {@code ObjectRemoved:*}, {@code LifecycleExpiration:*}, EventBridge "Object Deleted". */
    REMOVED,
    /** Any other event type. */
    OTHER
}
