package io.seqgate.devstack.stack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What a MinIO server does to its store and which event it sends, for each request the embedded store
 * sees or that {@link MinioOperations} makes: the {@link ObjectChange.Operation} — and with it the
 * event name and the rule of its sequencer (docs/design.md §3, "MinIO's sequencer") — and the object as
 * the event describes it. Where S3Proxy would do something else, this does what MinIO does.
 *
 * <p>It works on the store underneath {@link NotifyingBlobStore}, so nothing it does is intercepted
 * again, and it reports nothing itself: each method returns the change for the caller to report. The
 * caller holds the key's lock, so the store cannot change between what this reads and what it writes.
 */
final class MinioSemantics {

    private static final Logger log = LoggerFactory.getLogger(MinioSemantics.class);

    private static final String NULL_VERSION = "null";

    private final BlobStore store;

    /** @param store the store the hook forwards to */
    MinioSemantics(BlobStore store) {
        this.store = store;
    }

    /** What was just written, read back (size, content type, metadata) as MinIO's event describes it. */
    ObjectChange written(String bucket, String key, ObjectChange.Operation operation, String eTag, String versionId) {
        String version = versionOrNull(versionId);
        HeadObjectResponse stored = null;
        try {
            stored = store.blobMetadata(HeadObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .versionId(version)
                    .build());
        } catch (RuntimeException e) {
            // The write succeeded; failing the request now would lie to the client. Report what we know.
            log.warn(
                    "Stored {} {}/{} but could not read its metadata; notifying without size",
                    operation,
                    bucket,
                    key,
                    e);
        }
        return describe(bucket, key, operation, stored, eTag, version, Map.of());
    }

    /** A store response and the change MinIO reports for it. */
    record Deletion(DeleteObjectResponse response, ObjectChange change) {}

    /**
     * {@code DeleteObject}, as MinIO does it ({@code DeleteObjectHandler} in {@code cmd/object-handlers.go},
     * {@code erasureServerPools.DeleteObject} in {@code cmd/erasure-server-pool.go}). A delete of a key or
     * version that does not exist changes nothing and is reported as {@code s3:ObjectRemoved:NoOP}, where
     * S3Proxy would add a delete marker (versioned bucket) or report a delete. A delete of a key whose
     * current version is a delete marker adds no second marker and reports the existing one again. A
     * delete of one version that is a delete marker is reported as {@code DeleteMarkerCreated}, as MinIO
     * names it. Every other delete is reported with the time of the delete as its sequencer, a delete of
     * one version ({@code ?versionId=}) included.
     */
    Deletion delete(DeleteObjectRequest request) {
        String bucket = request.bucket();
        String key = request.key();
        String requested = versionOrNull(request.versionId());
        Versions versions = versions(bucket, key);
        if (requested == null ? versions.all().isEmpty() : !versions.all().contains(requested)) {
            return new Deletion(
                    DeleteObjectResponse.builder().build(),
                    change(bucket, key, ObjectChange.Operation.NO_OP, requested));
        }
        if (requested == null && versions.currentDeleteMarker() != null) {
            String marker = versions.currentDeleteMarker();
            return new Deletion(
                    DeleteObjectResponse.builder()
                            .deleteMarker(true)
                            .versionId(marker)
                            .build(),
                    change(bucket, key, ObjectChange.Operation.DELETE_MARKER_EXISTING, marker));
        }
        DeleteObjectResponse response = store.removeBlob(request);
        ObjectChange.Operation operation;
        if (request.versionId() == null) {
            operation = Boolean.TRUE.equals(response.deleteMarker())
                    ? ObjectChange.Operation.DELETE_MARKER_CREATED
                    : ObjectChange.Operation.DELETE;
        } else {
            operation = versions.deleteMarkers().contains(versionOrNullVersion(requested))
                    ? ObjectChange.Operation.DELETE_MARKER_DELETED
                    : ObjectChange.Operation.DELETE;
        }
        String version = versionOrNull(response.versionId() != null ? response.versionId() : request.versionId());
        return new Deletion(response, change(bucket, key, operation, version));
    }

    /**
     * A change of one version's metadata that MinIO notifies and the store cannot keep (tags, retention,
     * legal hold): the store is left as it is, the change describes the version as stored.
     *
     * @param versionId  the version to change; null for the current one
     * @param objectLock object-lock settings the change makes, under their header names
     * @throws software.amazon.awssdk.services.s3.model.S3Exception 404 when there is no such object or version,
     *         where MinIO answers 404 too and notifies nothing
     */
    ObjectChange metadataChanged(
            String bucket,
            String key,
            String versionId,
            ObjectChange.Operation operation,
            Map<String, String> objectLock) {
        HeadObjectResponse stored = store.blobMetadata(HeadObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .versionId(versionId)
                .build());
        return describe(bucket, key, operation, stored, stored.eTag(), stored.versionId(), objectLock);
    }

    /**
     * Removes every version and delete marker of the object, as an ILM rule with {@code DelAllVersions} has
     * MinIO's scanner do, and describes the current version, which is what the scanner's
     * {@code s3:ObjectRemoved:DeleteAllVersions} names (its sequencer is that version's modification time).
     *
     * @throws software.amazon.awssdk.services.s3.model.S3Exception 404 when the object has no current version
     *         (MinIO's scanner expires only existing objects by this rule)
     */
    ObjectChange expireAllVersions(String bucket, String key) {
        HeadObjectResponse current = store.blobMetadata(
                HeadObjectRequest.builder().bucket(bucket).key(key).build());
        if (isVersioned(bucket)) {
            for (String version : versions(bucket, key).all()) {
                store.removeBlob(DeleteObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .versionId(version)
                        .build());
            }
        } else {
            store.removeBlob(
                    DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        }
        return describe(
                bucket,
                key,
                ObjectChange.Operation.LIFECYCLE_DELETE_ALL_VERSIONS,
                current,
                current.eTag(),
                current.versionId(),
                Map.of());
    }

    /** The ids of every version and delete marker of one key, which of them are markers, and the current marker. */
    private record Versions(List<String> all, Set<String> deleteMarkers, String currentDeleteMarker) {}

    private Versions versions(String bucket, String key) {
        if (!isVersioned(bucket)) {
            HeadObjectResponse stored = store.blobMetadataIfPresent(
                    HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return new Versions(stored == null ? List.of() : List.of(NULL_VERSION), Set.of(), null);
        }
        List<String> all = new ArrayList<>();
        Set<String> deleteMarkers = new HashSet<>();
        String currentDeleteMarker = null;
        String keyMarker = null;
        String versionIdMarker = null;
        ListObjectVersionsResponse page;
        do {
            page = store.listVersions(ListObjectVersionsRequest.builder()
                    .bucket(bucket)
                    .prefix(key)
                    .keyMarker(keyMarker)
                    .versionIdMarker(versionIdMarker)
                    .build());
            for (ObjectVersion version : page.versions()) {
                if (version.key().equals(key)) {
                    all.add(versionOrNullVersion(version.versionId()));
                }
            }
            for (DeleteMarkerEntry marker : page.deleteMarkers()) {
                if (marker.key().equals(key)) {
                    all.add(versionOrNullVersion(marker.versionId()));
                    deleteMarkers.add(versionOrNullVersion(marker.versionId()));
                    if (Boolean.TRUE.equals(marker.isLatest())) {
                        currentDeleteMarker = marker.versionId();
                    }
                }
            }
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()));
        return new Versions(all, deleteMarkers, currentDeleteMarker);
    }

    private boolean isVersioned(String bucket) {
        return store.supportsVersioning() && store.getBucketVersioning(bucket) != null;
    }

    /** A change that does not describe the object: a delete, a marker, a no-op. */
    private static ObjectChange change(String bucket, String key, ObjectChange.Operation operation, String versionId) {
        return new ObjectChange(bucket, key, operation, null, null, null, Map.of(), versionId);
    }

    private static ObjectChange describe(
            String bucket,
            String key,
            ObjectChange.Operation operation,
            HeadObjectResponse stored,
            String eTag,
            String versionId,
            Map<String, String> objectLock) {
        return new ObjectChange(
                bucket,
                key,
                operation,
                stored == null ? null : stored.contentLength(),
                unquote(eTag != null ? eTag : stored == null ? null : stored.eTag()),
                stored == null ? null : stored.contentType(),
                stored == null ? Map.of() : lowerCaseKeys(stored.metadata()),
                versionOrNull(versionId),
                objectLock);
    }

    /** A version written before versioning was enabled is addressed as {@code "null"}. */
    private static String versionOrNullVersion(String versionId) {
        return versionId == null ? NULL_VERSION : versionId;
    }

    private static String versionOrNull(String versionId) {
        return versionId == null || versionId.isEmpty() || NULL_VERSION.equals(versionId) ? null : versionId;
    }

    /** S3 APIs return eTags quoted; notifications carry them bare (docs/design.md §3). */
    private static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        Map<String, String> result = new TreeMap<>();
        metadata.forEach((name, value) -> result.put(name.toLowerCase(Locale.ROOT), value));
        return result;
    }
}
