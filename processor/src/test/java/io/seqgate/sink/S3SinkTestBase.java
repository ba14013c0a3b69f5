package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * What the tests of {@link S3ObjectSink} share: an {@link InProcessS3} per test class with a
 * versioned input bucket and an output bucket, a key per test, a clock that only the sink's retry
 * waits move, and the events and objects the tests build.
 */
abstract class S3SinkTestBase {

    static final String IN = "input";
    static final String OUT = "output";
    static final String PREFIX = "processed/";
    static final long MAX_BYTES = 1024 * 1024;
    static final String SEQ_10 = "0000000000000010";
    static final String SEQ_15 = "0000000000000015";
    static final String SEQ_20 = "0000000000000020";
    static final String SEQ_30 = "0000000000000030";

    static InProcessS3 s3;
    static S3Client client;
    static S3Client admin;

    final ReversingTransform transform = new ReversingTransform();
    final FakeTime time = new FakeTime();
    String key;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        client = s3.client();
        admin = s3.admin();
        s3.createBucket(IN, true);
        s3.createBucket(OUT, false);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void keyPerTest(TestInfo info) {
        key = "dir " + info.getTestMethod().orElseThrow().getName() + "/photo.jpg";
    }

    @AfterEach
    void clearFaults() {
        s3.faults().reset();
        s3.requests().reset();
    }

    S3ObjectSink reconciling() {
        return new S3ObjectSink(client, settings(true), transform, ReversingTransform.IDENTITY, time, time);
    }

    S3ObjectSink naive() {
        return new S3ObjectSink(client, settings(false), transform, ReversingTransform.IDENTITY, time, time);
    }

    static SinkSettings settings(boolean reconcile) {
        return SinkSettings.of(OUT, PREFIX, MAX_BYTES, reconcile);
    }

    static PutObjectResponse putInput(String key, String content) {
        return admin.putObject(b -> b.bucket(IN).key(key), RequestBody.fromString(content));
    }

    static void writeOutput(String key, String content, String sequencer) {
        admin.putObject(
                b -> b.bucket(OUT).key(PREFIX + key).metadata(Map.of(OutputMetadata.SOURCE_SEQUENCER, sequencer)),
                RequestBody.fromString(content));
    }

    /** The output's content as text, or null when it does not exist. */
    static String output(String key) {
        try {
            return admin.getObjectAsBytes(b -> b.bucket(OUT).key(PREFIX + key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    static HeadObjectResponse outputHead(String key) {
        return admin.headObject(b -> b.bucket(OUT).key(PREFIX + key));
    }

    static ObjectEvent created(String key, PutObjectResponse put, String sequencer) {
        return new ObjectEvent(
                IN,
                key,
                "ObjectCreated:Put",
                EventKind.CREATED,
                sequencer,
                ETags.unquoted(put.eTag()),
                put.versionId(),
                null,
                null,
                Instant.now(),
                "s3");
    }

    static ObjectEvent removed(String key, String sequencer) {
        return new ObjectEvent(
                IN,
                key,
                "ObjectRemoved:Delete",
                EventKind.REMOVED,
                sequencer,
                null,
                null,
                null,
                null,
                Instant.now(),
                "s3");
    }

    static ObjectEvent withoutVersion(ObjectEvent e) {
        return new ObjectEvent(
                e.bucket(),
                e.key(),
                e.eventName(),
                e.kind(),
                e.sequencer(),
                e.eTag(),
                null,
                e.size(),
                e.contentType(),
                e.eventTime(),
                e.source());
    }

    static ObjectEvent withSize(ObjectEvent e, Long size) {
        return new ObjectEvent(
                e.bucket(),
                e.key(),
                e.eventName(),
                e.kind(),
                e.sequencer(),
                e.eTag(),
                e.versionId(),
                size,
                e.contentType(),
                e.eventTime(),
                e.source());
    }

    static ObjectEvent withSequencer(ObjectEvent e, String sequencer) {
        return new ObjectEvent(
                e.bucket(),
                e.key(),
                e.eventName(),
                e.kind(),
                sequencer,
                e.eTag(),
                e.versionId(),
                e.size(),
                e.contentType(),
                e.eventTime(),
                e.source());
    }
}
