package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Inputs over the size limit: refused from the event's size, or while reading, without downloading them. */
class InputReaderTest extends S3SinkTestBase {

    @Test
    void objectOverSizeLimitByEventSizeIsUnsupportedWithoutAnyRead() {
        PutObjectResponse put = putInput(key, "cat");
        ObjectEvent event = withSize(created(key, put, SEQ_10), MAX_BYTES + 1);

        SinkResult result = reconciling().apply(event);

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo("object is " + (MAX_BYTES + 1) + " bytes, over the limit of " + MAX_BYTES
                        + " bytes (SEQGATE_MAX_OBJECT_BYTES)");
        assertThat(s3.faults().getBlobCalls()).isZero();
    }

    @Test
    void objectOverSizeLimitIsUnsupportedWithoutDownload() {
        int size = 16 * 1024 * 1024;
        PutObjectResponse put = admin.putObject(b -> b.bucket(IN).key(key), RequestBody.fromBytes(new byte[size]));
        ObjectEvent event = withSize(created(key, put, SEQ_10), null);

        SinkResult result = reconciling().apply(event);

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo("object is " + size + " bytes, over the limit of " + MAX_BYTES
                        + " bytes (SEQGATE_MAX_OBJECT_BYTES)");
        assertThat(transform.calls()).isZero();
        assertThat(s3.faults().bytesServed()).isLessThan(size / 2);
    }
}
