package io.seqgate.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.devstack.stack.ObjectChange.Operation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The embedded store does to its objects what MinIO does, and reports each change as MinIO names it. */
class NotifyingBlobStoreTest {

    private static final String VERSIONED = "versioned";
    private static final String PLAIN = "plain";

    private final List<ObjectChange> changes = new CopyOnWriteArrayList<>();
    private final NotifyingBlobStore store = new NotifyingBlobStore(new TransientNio2BlobStore(), changes::add);
    private final MinioOperations minio = new MinioOperations(store);

    NotifyingBlobStoreTest() {
        store.createContainer(VERSIONED);
        store.putBucketVersioning(VERSIONED, BucketVersioningStatus.ENABLED);
        store.createContainer(PLAIN);
        store.subscribe(VERSIONED);
        store.subscribe(PLAIN);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void deleteOfAKeyThatNeverExistedIsReportedAsNoOpAndLeavesNoDeleteMarker() {
        store.removeBlob(
                DeleteObjectRequest.builder().bucket(VERSIONED).key("never.jpg").build());

        assertThat(changes).extracting(ObjectChange::operation).containsExactly(Operation.NO_OP);
        assertThat(versions(VERSIONED, "never.jpg").deleteMarkers()).isEmpty();
    }

    @Test
    void deleteOfAMissingKeyInAnUnversionedBucketIsReportedAsNoOp() {
        store.removeBlob(
                DeleteObjectRequest.builder().bucket(PLAIN).key("never.jpg").build());

        assertThat(changes).extracting(ObjectChange::operation).containsExactly(Operation.NO_OP);
    }

    @Test
    void deleteOfAVersionThatDoesNotExistIsReportedAsNoOpNamingThatVersion() {
        put(VERSIONED, "a.jpg", "v1");

        store.removeBlob(DeleteObjectRequest.builder()
                .bucket(VERSIONED)
                .key("a.jpg")
                .versionId("no-such-version")
                .build());

        assertThat(changes.get(1).operation()).isEqualTo(Operation.NO_OP);
        assertThat(changes.get(1).versionId()).isEqualTo("no-such-version");
    }

    @Test
    void deleteOfAnExistingObjectIsStillADelete() {
        put(PLAIN, "a.jpg", "v1");

        store.removeBlob(
                DeleteObjectRequest.builder().bucket(PLAIN).key("a.jpg").build());

        assertThat(changes).extracting(ObjectChange::operation).containsExactly(Operation.PUT, Operation.DELETE);
        assertThat(store.blobExists(PLAIN, "a.jpg")).isFalse();
    }

    @Test
    void deletingADeletedKeyAgainReportsTheExistingMarkerAndAddsNoOther() {
        put(VERSIONED, "a.jpg", "v1");
        store.removeBlob(
                DeleteObjectRequest.builder().bucket(VERSIONED).key("a.jpg").build());
        String marker = changes.get(1).versionId();

        store.removeBlob(
                DeleteObjectRequest.builder().bucket(VERSIONED).key("a.jpg").build());

        assertThat(changes)
                .extracting(ObjectChange::operation)
                .containsExactly(Operation.PUT, Operation.DELETE_MARKER_CREATED, Operation.DELETE_MARKER_EXISTING);
        assertThat(changes.get(2).versionId()).isEqualTo(marker);
        assertThat(versions(VERSIONED, "a.jpg").deleteMarkers()).hasSize(1);
    }

    @Test
    void deleteOfOneVersionIsADeleteStampedWithTheTimeOfTheDelete() {
        put(VERSIONED, "a.jpg", "v1");
        String v2 = put(VERSIONED, "a.jpg", "version 2");

        store.removeBlob(DeleteObjectRequest.builder()
                .bucket(VERSIONED)
                .key("a.jpg")
                .versionId(v2)
                .build());

        ObjectChange delete = changes.get(2);
        assertThat(delete.operation().eventName()).isEqualTo("s3:ObjectRemoved:Delete");
        assertThat(delete.operation().sequencer()).isEqualTo(ObjectChange.Sequencer.NEW_MODIFICATION_TIME);
        assertThat(delete.versionId()).isEqualTo(v2);
    }

    @Test
    void deleteOfADeleteMarkerVersionRemovesItAndIsReportedAsMinioNamesIt() {
        put(VERSIONED, "a.jpg", "v1");
        store.removeBlob(
                DeleteObjectRequest.builder().bucket(VERSIONED).key("a.jpg").build());
        String marker = changes.get(1).versionId();

        store.removeBlob(DeleteObjectRequest.builder()
                .bucket(VERSIONED)
                .key("a.jpg")
                .versionId(marker)
                .build());

        ObjectChange delete = changes.get(2);
        assertThat(delete.operation().eventName()).isEqualTo("s3:ObjectRemoved:DeleteMarkerCreated");
        assertThat(delete.operation().sequencer()).isEqualTo(ObjectChange.Sequencer.NEW_MODIFICATION_TIME);
        assertThat(delete.versionId()).isEqualTo(marker);
        assertThat(versions(VERSIONED, "a.jpg").deleteMarkers()).isEmpty();
        assertThat(store.blobExists(VERSIONED, "a.jpg"))
                .as("v1 is current again")
                .isTrue();
    }

    @Test
    void expiryOfAllVersionsRemovesEveryVersionAndDescribesTheCurrentOne() {
        put(VERSIONED, "a.jpg", "v1");
        String v2 = put(VERSIONED, "a.jpg", "version 2");

        minio.expireAllVersions(VERSIONED, "a.jpg");

        ListObjectVersionsResponse left = versions(VERSIONED, "a.jpg");
        assertThat(left.versions()).isEmpty();
        assertThat(left.deleteMarkers()).isEmpty();
        ObjectChange expiry = changes.get(2);
        assertThat(expiry.operation()).isEqualTo(Operation.LIFECYCLE_DELETE_ALL_VERSIONS);
        assertThat(expiry.versionId()).isEqualTo(v2);
        assertThat(expiry.size()).isEqualTo("version 2".length());
        assertThat(expiry.eTag()).isEqualTo(changes.get(1).eTag());
    }

    @Test
    void expiryInAnUnversionedBucketRemovesTheObject() {
        put(PLAIN, "a.jpg", "v1");

        minio.expireAllVersions(PLAIN, "a.jpg");

        assertThat(store.blobExists(PLAIN, "a.jpg")).isFalse();
        assertThat(changes)
                .extracting(ObjectChange::operation)
                .containsExactly(Operation.PUT, Operation.LIFECYCLE_DELETE_ALL_VERSIONS);
    }

    @Test
    void expiryOfAnObjectThatIsNotThereFailsWith404AndReportsNothing() {
        assertThatThrownBy(() -> minio.expireAllVersions(VERSIONED, "never.jpg"))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(changes).isEmpty();
    }

    @Test
    void retentionOnAnOldVersionDescribesThatVersionAndLeavesTheStoreAsItWas() {
        String v1 = put(VERSIONED, "a.jpg", "v1");
        String v2 = put(VERSIONED, "a.jpg", "version 2");

        minio.putRetention(
                VERSIONED, "a.jpg", v1, ObjectLockRetentionMode.GOVERNANCE, Instant.parse("2027-01-01T00:00:00Z"));

        ObjectChange retention = changes.get(2);
        assertThat(retention.operation()).isEqualTo(Operation.PUT_RETENTION);
        assertThat(retention.versionId()).isEqualTo(v1);
        assertThat(retention.eTag()).isEqualTo(changes.get(0).eTag());
        assertThat(retention.objectLock())
                .containsEntry("x-amz-object-lock-mode", "GOVERNANCE")
                .containsEntry("x-amz-object-lock-retain-until-date", "2027-01-01T00:00:00.000Z");
        assertThat(store.blobMetadata(HeadObjectRequest.builder()
                                .bucket(VERSIONED)
                                .key("a.jpg")
                                .build())
                        .versionId())
                .isEqualTo(v2);
    }

    @Test
    void taggingWithoutVersionIdNamesTheCurrentVersion() {
        put(VERSIONED, "a.jpg", "v1");
        String v2 = put(VERSIONED, "a.jpg", "version 2");

        minio.putTagging(VERSIONED, "a.jpg", null);

        assertThat(changes.get(2).operation()).isEqualTo(Operation.PUT_TAGGING);
        assertThat(changes.get(2).versionId()).isEqualTo(v2);
    }

    @Test
    void taggingOfAVersionThatDoesNotExistFailsWith404AndReportsNothing() {
        put(VERSIONED, "a.jpg", "v1");

        assertThatThrownBy(() -> minio.deleteTagging(VERSIONED, "a.jpg", "no-such-version"))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(changes).hasSize(1);
    }

    private String put(String bucket, String key, String body) {
        return store.putBlob(
                        PutObjectRequest.builder()
                                .bucket(bucket)
                                .key(key)
                                .contentType("image/jpeg")
                                .build(),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                .versionId();
    }

    private ListObjectVersionsResponse versions(String bucket, String key) {
        return store.listVersions(
                ListObjectVersionsRequest.builder().bucket(bucket).prefix(key).build());
    }
}
