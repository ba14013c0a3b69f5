package io.seqgate.devstack.stack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * What a MinIO server does and notifies that the embedded S3 server cannot: object tagging, retention and
 * legal hold (S3Proxy answers them 501), and the expiry of every version of an object by an ILM rule
 * (MinIO's scanner does it, no request). Each call does to the embedded store what MinIO would do to its
 * own and publishes the notification MinIO would send, with MinIO's sequencer for that kind of event
 * (see {@link ObjectChange.Operation}), in order with the other changes of the same object.
 *
 * <p>A delete of a key that does not exist needs nothing here: the store reports it as MinIO does,
 * {@code s3:ObjectRemoved:NoOP} ({@link MinioSemantics#delete}).
 *
 * <p>The store keeps no tags, retention or legal hold: only the notification shows them. Every method
 * takes a {@code versionId}, null for the current version, and throws the store's 404
 * ({@link software.amazon.awssdk.services.s3.model.S3Exception}) when there is no such object or version,
 * as MinIO answers 404 and notifies nothing.
 */
public final class MinioOperations {

    /** Object-lock settings under the lower-case header names MinIO stores them with ({@code internal/http/headers.go}). */
    static final String LOCK_MODE = "x-amz-object-lock-mode";

    static final String LOCK_RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";
    static final String LOCK_LEGAL_HOLD = "x-amz-object-lock-legal-hold";
    /** MinIO's {@code amztime.ISO8601Format}: UTC, milliseconds. */
    private static final DateTimeFormatter RETAIN_UNTIL = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final NotifyingBlobStore store;

    MinioOperations(NotifyingBlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** PutObjectTagging: publishes {@code s3:ObjectCreated:PutTagging} with the version's own sequencer. */
    public void putTagging(String bucket, String key, String versionId) {
        store.apply(
                bucket,
                key,
                minio -> minio.metadataChanged(bucket, key, versionId, ObjectChange.Operation.PUT_TAGGING, Map.of()));
    }

    /** DeleteObjectTagging: publishes {@code s3:ObjectCreated:DeleteTagging} with the version's own sequencer. */
    public void deleteTagging(String bucket, String key, String versionId) {
        store.apply(
                bucket,
                key,
                minio ->
                        minio.metadataChanged(bucket, key, versionId, ObjectChange.Operation.DELETE_TAGGING, Map.of()));
    }

    /**
     * PutObjectRetention: publishes {@code s3:ObjectCreated:PutRetention} naming the version, with a sequencer
     * newer than every version's (MinIO falls back to the event time), the retention in {@code userMetadata}.
     */
    public void putRetention(
            String bucket, String key, String versionId, ObjectLockRetentionMode mode, Instant retainUntil) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(retainUntil, "retainUntil");
        Map<String, String> lock =
                Map.of(LOCK_MODE, mode.toString(), LOCK_RETAIN_UNTIL, RETAIN_UNTIL.format(retainUntil));
        store.apply(
                bucket,
                key,
                minio -> minio.metadataChanged(bucket, key, versionId, ObjectChange.Operation.PUT_RETENTION, lock));
    }

    /**
     * PutObjectLegalHold: publishes {@code s3:ObjectCreated:PutLegalHold} naming the version, with a sequencer
     * newer than every version's, like {@link #putRetention}.
     */
    public void putLegalHold(String bucket, String key, String versionId, ObjectLockLegalHoldStatus status) {
        Objects.requireNonNull(status, "status");
        Map<String, String> lock = Map.of(LOCK_LEGAL_HOLD, status.toString());
        store.apply(
                bucket,
                key,
                minio -> minio.metadataChanged(bucket, key, versionId, ObjectChange.Operation.PUT_LEGAL_HOLD, lock));
    }

    /**
     * An ILM expiry with {@code DelAllVersions} reaching the object now: removes every version and delete
     * marker of it and publishes {@code s3:ObjectRemoved:DeleteAllVersions} describing the current version,
     * with that version's sequencer — the same as the last create's.
     */
    public void expireAllVersions(String bucket, String key) {
        store.apply(bucket, key, minio -> minio.expireAllVersions(bucket, key));
    }
}
