package io.seqgate.devstack;

import java.io.InputStream;
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
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
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
            String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
            report(bucket, key, ObjectChange.Operation.COPY, eTag, response.versionId());
            return response;
        });
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        String bucket = upload.containerName();
        String key = upload.blobName();
        if (!reported(bucket, key)) {
            return super.completeMultipartUpload(upload, request);
        }
        return withKeyLocked(bucket, key, () -> {
            CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
            report(bucket, key, ObjectChange.Operation.COMPLETE_MULTIPART_UPLOAD, response.eTag(),
                    response.versionId());
            return response;
        });
    }

    /** Also the path of batch deletes: {@code BlobStore.removeBlobs} calls this once per key. */
    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        String bucket = request.bucket();
        String key = request.key();
        if (!reported(bucket, key)) {
            return super.removeBlob(request);
        }
        return withKeyLocked(bucket, key, () -> {
            DeleteObjectResponse response = super.removeBlob(request);
            boolean markerCreated = Boolean.TRUE.equals(response.deleteMarker()) && request.versionId() == null;
            ObjectChange.Operation operation = markerCreated
                    ? ObjectChange.Operation.DELETE_MARKER_CREATED
                    : ObjectChange.Operation.DELETE;
            listener.objectChanged(new ObjectChange(bucket, key, operation, null, null, null, Map.of(),
                    versionOrNull(response.versionId() != null ? response.versionId() : request.versionId())));
            return response;
        });
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
            stored = super.blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).versionId(version).build());
        } catch (RuntimeException e) {
            // The write succeeded; failing the request now would lie to the client. Report what we know.
            log.warn("Stored {} {}/{} but could not read its metadata; notifying without size", operation,
                    bucket, key, e);
        }
        listener.objectChanged(new ObjectChange(bucket, key, operation,
                stored == null ? null : stored.contentLength(),
                unquote(eTag != null ? eTag : stored == null ? null : stored.eTag()),
                stored == null ? null : stored.contentType(),
                stored == null ? Map.of() : lowerCaseKeys(stored.metadata()),
                version));
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
