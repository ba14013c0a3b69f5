package io.seqgate.devstack;

import java.util.Map;
import java.util.Objects;

/**
 * One successful write or delete in the embedded S3 server, described by what the store holds after it.
 *
 * @param bucket       bucket name
 * @param key          object key, not encoded
 * @param operation    what the client did
 * @param size         stored size in bytes; null for removals
 * @param eTag         stored eTag without quotes; null for removals
 * @param contentType  stored content type; null when unknown or for removals
 * @param userMetadata user metadata as stored (names without {@code x-amz-meta-}); empty for removals
 * @param versionId    version the store created (object or delete marker); null when the bucket is unversioned
 */
public record ObjectChange(String bucket, String key, Operation operation, Long size, String eTag,
                           String contentType, Map<String, String> userMetadata, String versionId) {

    /** The S3 operations that produce a notification, with MinIO's event name for each. */
    public enum Operation {
        PUT("s3:ObjectCreated:Put"),
        COPY("s3:ObjectCreated:Copy"),
        COMPLETE_MULTIPART_UPLOAD("s3:ObjectCreated:CompleteMultipartUpload"),
        DELETE("s3:ObjectRemoved:Delete"),
        /** A delete in a versioned bucket that left a delete marker (MinIO reports it under this name). */
        DELETE_MARKER_CREATED("s3:ObjectRemoved:DeleteMarkerCreated");

        private final String eventName;

        Operation(String eventName) {
            this.eventName = eventName;
        }

        /** MinIO's event name, with the {@code s3:} prefix. */
        public String eventName() {
            return eventName;
        }

        public boolean isRemoval() {
            return this == DELETE || this == DELETE_MARKER_CREATED;
        }
    }

    public ObjectChange {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }
}
