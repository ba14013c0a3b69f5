package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the sink relies on S3Proxy 4.1.0 (transient back end) to do, checked so a version bump cannot change it silently. */
class InProcessS3Test {

    private static final String BUCKET = "facts";

    private static InProcessS3 s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        s3.createBucket(BUCKET, true);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @AfterEach
    void clearFaults() {
        s3.faults().reset();
    }

    @Test
    void runtimeExceptionInBlobStoreIsServedAs500() {
        s3.admin().putObject(b -> b.bucket(BUCKET).key("boom"), RequestBody.fromString("x"));
        s3.faults().failNextCalls(1);

        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.client().headObject(b -> b.bucket(BUCKET).key("boom")));

        assertThat(e.statusCode()).isEqualTo(500);
    }

    @Test
    void deleteWithStaleIfMatchIsRefusedWith412() {
        PutObjectResponse first = s3.admin().putObject(b -> b.bucket(BUCKET).key("cd"), RequestBody.fromString("1"));
        s3.admin().putObject(b -> b.bucket(BUCKET).key("cd"), RequestBody.fromString("2"));

        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.client().deleteObject(b -> b.bucket(BUCKET).key("cd").ifMatch(first.eTag())));

        assertThat(e.statusCode()).isEqualTo(412);
        assertThat(s3.admin().getObjectAsBytes(b -> b.bucket(BUCKET).key("cd")).asUtf8String())
                .isEqualTo("2");
    }

    @Test
    void overwrittenVersionStaysReadableByVersionId() {
        PutObjectResponse first = s3.admin().putObject(b -> b.bucket(BUCKET).key("v"), RequestBody.fromString("1"));
        s3.admin().putObject(b -> b.bucket(BUCKET).key("v"), RequestBody.fromString("2"));

        String read = s3.client()
                .getObjectAsBytes(b -> b.bucket(BUCKET).key("v").versionId(first.versionId()))
                .asUtf8String();

        assertThat(first.versionId()).isNotBlank();
        assertThat(read).isEqualTo("1");
    }

    @Test
    void refusedPutIsServedAs412AndStoresNothing() {
        s3.faults().refuseNextPuts("refused", 1);

        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.client().putObject(b -> b.bucket(BUCKET).key("refused"), RequestBody.fromString("x")));

        assertThat(e.statusCode()).isEqualTo(412);
        assertThat(catchThrowableOfType(
                                S3Exception.class,
                                () -> s3.admin()
                                        .headObject(b -> b.bucket(BUCKET).key("refused")))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void titleCaseMetadataKeysReachTheClientAsSent() {
        s3.admin()
                .putObject(
                        b -> b.bucket(BUCKET).key("meta").metadata(Map.of("seqgate-source-sequencer", "0A")),
                        RequestBody.fromString("x"));
        s3.faults().titleCaseMetadataKeys();

        Map<String, String> metadata =
                s3.client().headObject(b -> b.bucket(BUCKET).key("meta")).metadata();

        assertThat(metadata).containsOnlyKeys("Seqgate-Source-Sequencer");
    }
}
