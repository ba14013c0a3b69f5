package io.seqgate.event;

/**
 * What an object event means for the output. Only {@link #CREATED} and {@link #REMOVED} pass the
 * gate and drive the sink (docs/design.md §3); every other S3 event type (restore, replication, tagging,
 * ACL, lifecycle transition, ...) is {@link #OTHER} and is recorded as IGNORED.
 *
 * <p>Metadata changes that MinIO reports under {@code ObjectCreated} (retention, legal hold, tags)
 * and a delete of a key that does not exist are {@link #OTHER} too: see {@link #ofEventName}. An
 * {@link #OTHER} event never touches the stored state.
 *
 * <p>The processor stores a kind as a code of its own (the repartitioned event's encoding), never as
 * its place in this list.
 */
public enum EventKind {
    /** New content: {@code ObjectCreated:Put|Post|Copy|CompleteMultipartUpload}, EventBridge "Object Created". */
    CREATED,
    /**
     * The object or one of its versions is gone: {@code ObjectRemoved:*} (except {@code NoOP}),
     * {@code LifecycleExpiration:*}, MinIO's {@code LifecycleDelMarkerExpiration:Delete},
     * EventBridge "Object Deleted".
     */
    REMOVED,
    /** Any other event: the object's content is unchanged. */
    OTHER,
    /**
     * Not an S3 event: a reconcile record ({@code Reconcile:*}, written by {@code seqgate reconcile}),
     * asking that the output be settled to whatever the input holds now. It carries no sequencer: a
     * listing gives none (docs/reconcile.md).
     */
    RECONCILE;

    /**
     * The kind of an S3 or MinIO event name, with or without MinIO's {@code s3:} prefix. The one place
     * that decides it for notification records.
     *
     * <p>The category before the first ':' is not enough. MinIO publishes metadata changes under
     * {@code ObjectCreated} (MinIO {@code internal/event/name.go}, sent from {@code cmd/object-handlers.go}):
     * {@code PutRetention} and {@code PutLegalHold} carry a newer sequencer than the version they
     * name (the event time, when the object info has no modification time:
     * {@code cmd/event-notification.go}, {@code ToEvent}), {@code PutTagging} and {@code DeleteTagging}
     * carry that version's own; and {@code ObjectRemoved:NoOP} reports a delete of a key that does not
     * exist. None of them changes content, so none may raise the stored sequencer.
     *
     * <p>A name not listed here falls back on its category: a future {@code ObjectCreated:*} name is
     * taken as new content and a future {@code ObjectRemoved:*} name as a removal. Missing new content
     * would leave the output stale for good; reprocessing a name that turns out to be metadata only
     * costs a transform, and the sink writes only from the input's current version.
     */
    public static EventKind ofEventName(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        int colon = name.indexOf(':');
        String category = colon < 0 ? name : name.substring(0, colon);
        return switch (category) {
            case "ObjectCreated" ->
                switch (name) {
                    case "ObjectCreated:PutRetention",
                            "ObjectCreated:PutLegalHold",
                            "ObjectCreated:PutTagging",
                            "ObjectCreated:DeleteTagging" -> OTHER;
                    default -> CREATED;
                };
            case "ObjectRemoved" -> "ObjectRemoved:NoOP".equals(name) ? OTHER : REMOVED;
            // S3's lifecycle expiration deletes the object or adds a delete marker, exactly like
            // ObjectRemoved:*, only S3 does it instead of a user. MinIO's LifecycleDelMarkerExpiration
            // removes every version of an object whose current version is an expired delete marker
            // (cmd/data-scanner.go, DelMarkerDeleteAllVersionsAction).
            case "LifecycleExpiration", "LifecycleDelMarkerExpiration" -> REMOVED;
            // seqgate's own: S3 and MinIO name no event category "Reconcile".
            case ReconcileRecords.CATEGORY -> RECONCILE;
            default -> OTHER;
        };
    }
}
