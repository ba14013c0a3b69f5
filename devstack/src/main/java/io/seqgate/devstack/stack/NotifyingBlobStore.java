package io.seqgate.devstack.stack;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reports every successful object write and delete in a subscribed bucket, like {@code mc event add
 * <bucket> arn:... --event put,delete} on MinIO.
 *
 * <p>It extends S3Proxy's {@link ForwardingBlobStore} because S3Proxy looks through that class (and only
 * that class) to find the real store's type; any other wrapper loses conditional writes (docs/design.md §6).
 *
 * <p>The listener is called only after {@code super} returned: a failed request — e.g. a {@code 412}
 * from {@code If-Match} / {@code If-None-Match} — throws before anything is reported. Writes and deletes
 * of one key in a subscribed bucket are serialised by a lock held until the listener returns, so the
 * listener sees the changes of a key in the order the store applied them and the metadata it is given
 * is the one this request stored.
 *
 * <p>It also does, for {@link MinioOperations}, what MinIO does and S3Proxy cannot (tagging, retention,
 * legal hold, ILM expiry of all versions), under the same lock.
 */
public final class NotifyingBlobStore extends ForwardingBlobStore {

    private static final Logger log = LoggerFactory.getLogger(NotifyingBlobStore.class);

    /** S3Proxy's helper objects for multipart uploads: internal, never reported. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private static final String NULL_VERSION = "null";
    private static final int LOCK_STRIPES = 256;

    private final ObjectChangeListener listener;
    private final Set<String> subscribedBuckets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock[] keyLocks = new ReentrantLock[LOCK_STRIPES];

    public NotifyingBlobStore(BlobStore delegate, ObjectChangeListener listener) {
        super(delegate);
        this.listener = Objects.requireNonNull(listener, "listener");
        for (int i = 0; i < LOCK_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    /** Starts reporting puts, copies, completed multipart uploads and deletes in {@code bucket}. */
    public void subscribe(String bucket) {
        subscribedBuckets.add(bucket);
    }

    public void unsubscribe(String bucket) {
        subscribedBuckets.remove(bucket);
    }

    public boolean isSubscribed(String bucket) {
        return subscribedBuckets.contains(bucket);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        String bucket = request.bucket();
        String key = request.key();
        if (!reported(bucket, key)) {
            return super.putBlob(request, input);
        }
        return withKeyLocked(bucket, key, () -> {
            PutObjectResponse response = super.putBlob(request, input);
            report(bucket, key, ObjectChange.Operation.PUT, response.eTag(), response.versionId());
            return response;
        });
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        String bucket = request.destinationBucket();
        String key = request.destinationKey();
        if (!reported(bucket, key)) {
            return super.copyBlob(request);
        }
        return withKeyLocked(bucket, key, () -> {
            CopyObjectResponse response = super.copyBlob(request);
            String eTag = response.copyObjectResult() == null
                    ? null
                    : response.copyObjectResult().eTag();
            report(bucket, key, ObjectChange.Operation.COPY, eTag, response.versionId());
            return response;
        });
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        String bucket = upload.containerName();
        String key = upload.blobName();
        if (!reported(bucket, key)) {
            return super.completeMultipartUpload(upload, request);
        }
        return withKeyLocked(bucket, key, () -> {
            CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
            report(
                    bucket,
                    key,
                    ObjectChange.Operation.COMPLETE_MULTIPART_UPLOAD,
                    response.eTag(),
                    response.versionId());
            return response;
        });
    }

    /**
     * Also the path of batch deletes: {@code BlobStore.removeBlobs} calls this once per key.
     *
     * <p>Where S3Proxy and MinIO part ways, this does what MinIO does ({@code DeleteObjectHandler} in
     * {@code cmd/object-handlers.go}, {@code erasureServerPools.DeleteObject} in
     * {@code cmd/erasure-server-pool.go}): a delete of a key or version that does not exist changes nothing
     * and is reported as {@code s3:ObjectRemoved:NoOP}, where S3Proxy would add a delete marker (versioned
     * bucket) or report a delete; a delete of a key whose current version is a delete marker adds no
     * second marker and reports the existing one again.
     */
    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        String bucket = request.bucket();
        String key = request.key();
        if (!reported(bucket, key)) {
            return super.removeBlob(request);
        }
        return withKeyLocked(bucket, key, () -> {
            String requested = versionOrNull(request.versionId());
            Versions versions = versions(bucket, key);
            if (requested == null ? versions.isEmpty() : !versions.contains(requested)) {
                listener.objectChanged(new ObjectChange(
                        bucket, key, ObjectChange.Operation.NO_OP, null, null, null, Map.of(), requested));
                return DeleteObjectResponse.builder().build();
            }
            if (requested == null && versions.currentDeleteMarker() != null) {
                String marker = versions.currentDeleteMarker();
                listener.objectChanged(new ObjectChange(
                        bucket,
                        key,
                        ObjectChange.Operation.DELETE_MARKER_EXISTING,
                        null,
                        null,
                        null,
                        Map.of(),
                        marker));
                return DeleteObjectResponse.builder()
                        .deleteMarker(true)
                        .versionId(marker)
                        .build();
            }
            DeleteObjectResponse response = super.removeBlob(request);
            boolean markerCreated = Boolean.TRUE.equals(response.deleteMarker()) && request.versionId() == null;
            ObjectChange.Operation operation =
                    markerCreated ? ObjectChange.Operation.DELETE_MARKER_CREATED : ObjectChange.Operation.DELETE;
            listener.objectChanged(new ObjectChange(
                    bucket,
                    key,
                    operation,
                    null,
                    null,
                    null,
                    Map.of(),
                    versionOrNull(response.versionId() != null ? response.versionId() : request.versionId())));
            return response;
        });
    }

    /**
     * Reports a change of one version's metadata that MinIO notifies and the store cannot keep (tags,
     * retention, legal hold): the store is left as it is, the listener hears of the version as stored.
     *
     * @param versionId  the version to change; null for the current one
     * @param objectLock object-lock settings the change makes, under their header names
     * @throws software.amazon.awssdk.services.s3.model.S3Exception 404 when there is no such object or version,
     *         where MinIO answers 404 too and notifies nothing
     */
    void reportMetadataChange(
            String bucket,
            String key,
            String versionId,
            ObjectChange.Operation operation,
            Map<String, String> objectLock) {
        withKeyLocked(bucket, key, () -> {
            HeadObjectResponse stored = super.blobMetadata(HeadObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .versionId(versionId)
                    .build());
            if (reported(bucket, key)) {
                listener.objectChanged(
                        describe(bucket, key, operation, stored, stored.eTag(), stored.versionId(), objectLock));
            }
            return null;
        });
    }

    /**
     * Removes every version and delete marker of the object, as an ILM rule with {@code DelAllVersions} has
     * MinIO's scanner do, and reports {@code s3:ObjectRemoved:DeleteAllVersions} for the current version.
     *
     * @throws software.amazon.awssdk.services.s3.model.S3Exception 404 when the object has no current version
     *         (MinIO's scanner expires only existing objects by this rule)
     */
    void expireAllVersions(String bucket, String key) {
        withKeyLocked(bucket, key, () -> {
            HeadObjectResponse current = super.blobMetadata(
                    HeadObjectRequest.builder().bucket(bucket).key(key).build());
            if (isVersioned(bucket)) {
                for (String version : versions(bucket, key).all()) {
                    super.removeBlob(DeleteObjectRequest.builder()
                            .bucket(bucket)
                            .key(key)
                            .versionId(version)
                            .build());
                }
            } else {
                super.removeBlob(
                        DeleteObjectRequest.builder().bucket(bucket).key(key).build());
            }
            if (reported(bucket, key)) {
                listener.objectChanged(describe(
                        bucket,
                        key,
                        ObjectChange.Operation.LIFECYCLE_DELETE_ALL_VERSIONS,
                        current,
                        current.eTag(),
                        current.versionId(),
                        Map.of()));
            }
            return null;
        });
    }

    /** The ids of every version and delete marker of one key, and the current one's when it is a delete marker. */
    private record Versions(List<String> all, String currentDeleteMarker) {

        boolean isEmpty() {
            return all.isEmpty();
        }

        boolean contains(String versionId) {
            return all.contains(versionId);
        }
    }

    private Versions versions(String bucket, String key) {
        if (!isVersioned(bucket)) {
            HeadObjectResponse stored = super.blobMetadataIfPresent(
                    HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return new Versions(stored == null ? List.of() : List.of(NULL_VERSION), null);
        }
        List<String> all = new ArrayList<>();
        String currentDeleteMarker = null;
        String keyMarker = null;
        String versionIdMarker = null;
        ListObjectVersionsResponse page;
        do {
            page = super.listVersions(ListObjectVersionsRequest.builder()
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
                    if (Boolean.TRUE.equals(marker.isLatest())) {
                        currentDeleteMarker = marker.versionId();
                    }
                }
            }
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()));
        return new Versions(all, currentDeleteMarker);
    }

    private boolean isVersioned(String bucket) {
        return supportsVersioning() && getBucketVersioning(bucket) != null;
    }

    private boolean reported(String bucket, String key) {
        return subscribedBuckets.contains(bucket) && !key.startsWith(MULTIPART_STUB_PREFIX);
    }

    private <T> T withKeyLocked(String bucket, String key, Supplier<T> action) {
        ReentrantLock lock = keyLocks[Math.floorMod((bucket + '/' + key).hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Reads back what was stored (size, content type, metadata) and tells the listener. */
    private void report(String bucket, String key, ObjectChange.Operation operation, String eTag, String versionId) {
        String version = versionOrNull(versionId);
        HeadObjectResponse stored = null;
        try {
            stored = super.blobMetadata(HeadObjectRequest.builder()
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
        listener.objectChanged(describe(bucket, key, operation, stored, eTag, version, Map.of()));
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
    static String unquote(String eTag) {
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
