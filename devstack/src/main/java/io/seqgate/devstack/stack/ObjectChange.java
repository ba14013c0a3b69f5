package io.seqgate.devstack.stack;

import java.util.Map;
import java.util.Objects;

/**
 * One change of an object in the embedded S3 server that MinIO would notify, described by what the store
 * holds after it (or, for a removal that describes the object, what it held before).
 *
 * @param bucket       bucket name
 * @param key          object key, not encoded
 * @param operation    what happened
 * @param size         stored size in bytes; null when the operation does not describe the object
 * @param eTag         stored eTag without quotes; null when the operation does not describe the object
 * @param contentType  stored content type; null when unknown or not described
 * @param userMetadata user metadata as stored (names without {@code x-amz-meta-}); empty when not described
 * @param versionId    the version the operation created, changed or named; null when the bucket is unversioned
 * @param objectLock   object-lock settings this change made, under their header names
 *                     ({@code x-amz-object-lock-mode}, ...): MinIO keeps them in the version's metadata and
 *                     so reports them in {@code userMetadata}; the embedded store keeps none, so only the
 *                     change that sets them carries them
 */
public record ObjectChange(
        String bucket,
        String key,
        Operation operation,
        Long size,
        String eTag,
        String contentType,
        Map<String, String> userMetadata,
        String versionId,
        Map<String, String> objectLock) {

    /** Where MinIO takes the sequencer of an event from. */
    public enum Sequencer {
        /** The time of the change itself: the modification time of a new object, version or delete marker, or of a delete. */
        NEW_MODIFICATION_TIME,
        /** The modification time the named version already has: the change leaves it as it is. */
        VERSION_MODIFICATION_TIME,
        /** The time of the event: MinIO's object information has no modification time for this change. */
        EVENT_TIME
    }

    /**
     * The operations that produce a notification, with MinIO's event name for each (names from
     * {@code internal/event/name.go}), where its sequencer comes from, and whether the record describes
     * the object (size, eTag, content type, user metadata). MinIO's {@code eventArgs.ToEvent}
     * ({@code cmd/event-notification.go}) sets the sequencer to the object information's modification
     * time, or to the event time when that is zero, and leaves the object's description out of
     * {@code ObjectRemoved:Delete}, {@code DeleteMarkerCreated} and {@code NoOP} only.
     */
    public enum Operation {
        PUT("s3:ObjectCreated:Put", Sequencer.NEW_MODIFICATION_TIME, true),
        COPY("s3:ObjectCreated:Copy", Sequencer.NEW_MODIFICATION_TIME, true),
        COMPLETE_MULTIPART_UPLOAD("s3:ObjectCreated:CompleteMultipartUpload", Sequencer.NEW_MODIFICATION_TIME, true),
        /**
         * A delete of a key in an unversioned bucket, or of one version ({@code DELETE ?versionId=}): the
         * sequencer is the time of the delete, not the deleted version's modification time
         * ({@code erasureObjects.DeleteObject}, {@code cmd/erasure-object.go}: {@code modTime := opts.MTime},
         * {@code UTCNow()} when the request carries none, which only replication sets).
         */
        DELETE("s3:ObjectRemoved:Delete", Sequencer.NEW_MODIFICATION_TIME, false),
        /** A delete in a versioned bucket that left a delete marker (MinIO reports it under this name). */
        DELETE_MARKER_CREATED("s3:ObjectRemoved:DeleteMarkerCreated", Sequencer.NEW_MODIFICATION_TIME, false),
        /**
         * A delete of a key whose current version is already a delete marker: MinIO creates no new marker
         * and reports the existing one again, with its modification time ({@code erasureServerPools.DeleteObject},
         * {@code cmd/erasure-server-pool.go}: "Delete marker already present we are not going to create new
         * delete markers").
         */
        DELETE_MARKER_EXISTING("s3:ObjectRemoved:DeleteMarkerCreated", Sequencer.VERSION_MODIFICATION_TIME, false),
        /**
         * A delete of one version that is a delete marker: MinIO names it {@code DeleteMarkerCreated} too,
         * because the object information it sends is a delete marker ({@code DeleteObjectHandler},
         * {@code cmd/object-handlers.go}: {@code if objInfo.DeleteMarker}), with the time of the delete.
         */
        DELETE_MARKER_DELETED("s3:ObjectRemoved:DeleteMarkerCreated", Sequencer.NEW_MODIFICATION_TIME, false),
        /**
         * A delete of a key or version that does not exist: nothing changes, and MinIO reports it with the
         * requested versionId and no modification time ({@code DeleteObjectHandler}, {@code cmd/object-handlers.go}).
         */
        NO_OP("s3:ObjectRemoved:NoOP", Sequencer.EVENT_TIME, false),
        /**
         * PutObjectTagging: {@code erasureObjects.PutObjectTags} ({@code cmd/erasure-object.go}) rewrites the
         * version's metadata but keeps its modification time.
         */
        PUT_TAGGING("s3:ObjectCreated:PutTagging", Sequencer.VERSION_MODIFICATION_TIME, true),
        /** DeleteObjectTagging: {@code PutObjectTags} with no tags, same rule. */
        DELETE_TAGGING("s3:ObjectCreated:DeleteTagging", Sequencer.VERSION_MODIFICATION_TIME, true),
        /**
         * PutObjectRetention: {@code erasureObjects.PutObjectMetadata} sets the modification time it returns to
         * the request's replication mtime, which a client's request does not have, so the event time becomes the
         * sequencer: newer than every version's, even when the request names an old version.
         */
        PUT_RETENTION("s3:ObjectCreated:PutRetention", Sequencer.EVENT_TIME, true),
        /** PutObjectLegalHold: through {@code PutObjectMetadata} too, same rule. */
        PUT_LEGAL_HOLD("s3:ObjectCreated:PutLegalHold", Sequencer.EVENT_TIME, true),
        /**
         * An ILM expiry rule with {@code DelAllVersions} removed every version of the object. The scanner
         * ({@code applyExpiryOnNonTransitionedObjects}, {@code cmd/data-scanner.go}) reports the object it
         * expired — the current version, with its modification time, so the sequencer equals the last
         * create's — and, as {@code ToEvent} only strips plain deletes, with its size, eTag and metadata.
         */
        LIFECYCLE_DELETE_ALL_VERSIONS("s3:ObjectRemoved:DeleteAllVersions", Sequencer.VERSION_MODIFICATION_TIME, true);

        private final String eventName;
        private final Sequencer sequencer;
        private final boolean describesObject;

        Operation(String eventName, Sequencer sequencer, boolean describesObject) {
            this.eventName = eventName;
            this.sequencer = sequencer;
            this.describesObject = describesObject;
        }

        /** MinIO's event name, with the {@code s3:} prefix. */
        public String eventName() {
            return eventName;
        }

        public Sequencer sequencer() {
            return sequencer;
        }

        /** Whether the record carries the object's size, eTag, content type and user metadata. */
        public boolean describesObject() {
            return describesObject;
        }

        /** Whether MinIO's scanner, not a client's request, made the change. */
        public boolean isLifecycle() {
            return this == LIFECYCLE_DELETE_ALL_VERSIONS;
        }
    }

    public ObjectChange {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
        objectLock = objectLock == null ? Map.of() : Map.copyOf(objectLock);
    }

    /** A change that sets no object-lock settings. */
    public ObjectChange(
            String bucket,
            String key,
            Operation operation,
            Long size,
            String eTag,
            String contentType,
            Map<String, String> userMetadata,
            String versionId) {
        this(bucket, key, operation, size, eTag, contentType, userMetadata, versionId, Map.of());
    }
}
