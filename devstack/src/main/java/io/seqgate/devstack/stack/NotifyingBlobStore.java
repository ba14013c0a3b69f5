package io.seqgate.devstack.stack;

import java.io.InputStream;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The embedded store's hook: reports every successful object write and delete in a subscribed bucket,
 * like {@code mc event add <bucket> arn:... --event put,delete} on MinIO. What MinIO would do and report
 * for each request is {@link MinioSemantics}'s to say; this class finds the requests, orders them per key
 * and passes the changes on.
 *
 * <p>It extends S3Proxy's {@link ForwardingBlobStore} because S3Proxy looks through that class (and only
 * that class) to find the real store's type; any other wrapper loses conditional writes (docs/design.md §6).
 *
 * <p>The listener is called only after the store accepted the change: a failed request — e.g. a {@code 412}
 * from {@code If-Match} / {@code If-None-Match} — throws before anything is reported. Writes and deletes
 * of one key in a subscribed bucket are serialised by a lock held until the listener returns, so the
 * listener sees the changes of a key in the order the store applied them and the metadata it is given
 * is the one this request stored. Batch deletes come here key by key ({@code BlobStore.removeBlobs} calls
 * {@link #removeBlob} for each), so they are reported as single deletes would be.
 */
public final class NotifyingBlobStore extends ForwardingBlobStore {

    /** S3Proxy's helper objects for multipart uploads: internal, never reported. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private static final int LOCK_STRIPES = 256;

    private final ObjectChangeListener listener;
    private final MinioSemantics minio;
    private final Set<String> subscribedBuckets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock[] keyLocks = new ReentrantLock[LOCK_STRIPES];

    public NotifyingBlobStore(BlobStore delegate, ObjectChangeListener listener) {
        super(delegate);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.minio = new MinioSemantics(delegate);
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
            listener.objectChanged(
                    minio.written(bucket, key, ObjectChange.Operation.PUT, response.eTag(), response.versionId()));
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
            listener.objectChanged(minio.written(bucket, key, ObjectChange.Operation.COPY, eTag, response.versionId()));
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
            listener.objectChanged(minio.written(
                    bucket,
                    key,
                    ObjectChange.Operation.COMPLETE_MULTIPART_UPLOAD,
                    response.eTag(),
                    response.versionId()));
            return response;
        });
    }

    /** A delete does to the store what it does to MinIO's ({@link MinioSemantics#delete}), which may be nothing. */
    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        String bucket = request.bucket();
        String key = request.key();
        if (!reported(bucket, key)) {
            return super.removeBlob(request);
        }
        return withKeyLocked(bucket, key, () -> {
            MinioSemantics.Deletion deletion = minio.delete(request);
            listener.objectChanged(deletion.change());
            return deletion.response();
        });
    }

    /**
     * Makes a change MinIO makes without a request the embedded store sees ({@link MinioOperations}): under
     * the key's lock, in order with its other changes, and reported when the bucket is subscribed.
     */
    void apply(String bucket, String key, Function<MinioSemantics, ObjectChange> change) {
        withKeyLocked(bucket, key, () -> {
            ObjectChange made = change.apply(minio);
            if (reported(bucket, key)) {
                listener.objectChanged(made);
            }
            return null;
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
}
