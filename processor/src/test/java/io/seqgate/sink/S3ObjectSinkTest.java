package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class S3ObjectSinkTest {

    private static final String IN = "input";
    private static final String OUT = "output";
    private static final String PREFIX = "processed/";
    private static final long MAX_BYTES = 1024 * 1024;
    private static final String SEQ_10 = "0000000000000010";
    private static final String SEQ_15 = "0000000000000015";
    private static final String SEQ_20 = "0000000000000020";
    private static final String SEQ_30 = "0000000000000030";

    private static InProcessS3 s3;
    private static S3Client client;
    private static S3Client admin;

    private final ReversingTransform transform = new ReversingTransform();
    private final FakeTime time = new FakeTime();
    private String key;

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

    // --- reconcile mode: creates -------------------------------------------------------------

    @Test
    void writesTransformedOutputUnderPrefixPlusFullKey() {
        PutObjectResponse a = putInput("a/" + key, "cat");
        PutObjectResponse b = putInput("b/" + key, "dog");

        SinkResult ra = reconciling().apply(created("a/" + key, a, SEQ_10));
        SinkResult rb = reconciling().apply(created("b/" + key, b, SEQ_10));

        assertThat(ra.decision()).isEqualTo(Decision.DONE);
        assertThat(ra.reason()).isEqualTo("wrote output from sequencer " + SEQ_10);
        assertThat(ra.outputKey()).isEqualTo(PREFIX + "a/" + key);
        assertThat(rb.outputKey()).isEqualTo(PREFIX + "b/" + key);
        assertThat(output("a/" + key)).isEqualTo("tac");
        assertThat(output("b/" + key)).isEqualTo("god");
    }

    @Test
    void recordsSourceSequencerETagAndVersionIdInOutputMetadata() {
        PutObjectResponse put = putInput(key, "cat");

        reconciling().apply(created(key, put, SEQ_10));

        assertThat(outputHead(key).metadata())
                .containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_10)
                .containsEntry(OutputMetadata.SOURCE_ETAG, ETags.unquoted(put.eTag()))
                .containsEntry(OutputMetadata.SOURCE_VERSION_ID, put.versionId());
    }

    @Test
    void returnsETagOfWrittenOutput() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.outputETag()).isEqualTo(ETags.unquoted(outputHead(key).eTag()));
    }

    @Test
    void pinnedReadOfOverwrittenInputIsSuperseded() {
        PutObjectResponse old = putInput(key, "cat");
        putInput(key, "dog");

        SinkResult result = reconciling().apply(withoutVersion(created(key, old, SEQ_10)));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input changed since this event: a newer version exists");
        assertThat(output(key)).isNull();
    }

    @Test
    void pinnedReadOfDeletedInputIsSuperseded() {
        PutObjectResponse put = putInput(key, "cat");
        admin.deleteObject(b -> b.bucket(IN).key(key));

        SinkResult result = reconciling().apply(withoutVersion(created(key, put, SEQ_10)));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input no longer exists");
    }

    @Test
    void createOfAVersionThatIsNoLongerCurrentIsSuperseded() {
        PutObjectResponse old = putInput(key, "cat");
        putInput(key, "dog");

        SinkResult result = reconciling().apply(created(key, old, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(output(key)).isNull();
    }

    @Test
    void createOfAnOlderVersionWithTheSameContentIsSuperseded() {
        PutObjectResponse old = putInput(key, "cat");
        PutObjectResponse again = putInput(key, "cat");

        SinkResult result = reconciling().apply(created(key, old, SEQ_10));

        assertThat(again.eTag()).isEqualTo(old.eTag());
        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason())
                .isEqualTo("version " + old.versionId()
                        + " is no longer the input's current version: a newer version exists");
        assertThat(output(key)).isNull();
    }

    @Test
    void writerWhoseVersionWasReplacedBeforeItWroteIntoAnAbsentOutputIsSuperseded() {
        PutObjectResponse cat = putInput(key, "cat");
        Transform replacedMeanwhile = (bytes, contentType) -> {
            putInput(key, "dog");
            return transform.apply(bytes, contentType);
        };
        S3ObjectSink slow = new S3ObjectSink(client, settings(true), replacedMeanwhile, time, time);

        SinkResult result = slow.apply(created(key, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input changed after this event was read: a newer version is current");
        assertThat(output(key)).isNull();
    }

    @Test
    void staleWriterNeverOverwritesNewerOutput() {
        PutObjectResponse put = putInput(key, "cat");
        writeOutput(key, "newer", SEQ_20);

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_20);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void concurrentWriterBetweenHeadAndPutIsRetried() {
        S3ObjectSink sink = reconciling();
        sink.apply(created(key, putInput(key, "cat"), SEQ_10));
        PutObjectResponse dog = putInput(key, "dog");
        AtomicBoolean raced = new AtomicBoolean();
        s3.faults().afterNextHead(PREFIX + key, k -> {
            writeOutput(key, "stale", SEQ_15);
            raced.set(true);
        });

        SinkResult result = sink.apply(created(key, dog, SEQ_20));

        assertThat(raced).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void concurrentWriterBeforeTheFirstWriteOfANewOutputIsRetried() {
        PutObjectResponse put = putInput(key, "dog");
        AtomicBoolean raced = new AtomicBoolean();
        s3.faults().afterNextHead(key, k -> {
            writeOutput(key, "stale", SEQ_10);
            raced.set(true);
        });

        SinkResult result = reconciling().apply(created(key, put, SEQ_20));

        assertThat(raced).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void newerWriterBeforeTheFirstWriteOfANewOutputWins() {
        PutObjectResponse put = putInput(key, "cat");
        s3.faults().afterNextHead(key, k -> writeOutput(key, "newer", SEQ_30));

        SinkResult result = reconciling().apply(created(key, put, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_30);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void newerWriterBetweenHeadAndPutWins() {
        S3ObjectSink sink = reconciling();
        sink.apply(created(key, putInput(key, "cat"), SEQ_10));
        PutObjectResponse dog = putInput(key, "dog");
        s3.faults().afterNextHead(PREFIX + key, k -> writeOutput(key, "newer", SEQ_30));

        SinkResult result = sink.apply(created(key, dog, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void rerunOfAnEventWhoseOutputIsInPlaceEndsDone() {
        PutObjectResponse put = putInput(key, "cat");
        ObjectEvent event = created(key, put, SEQ_10);
        SinkResult first = reconciling().apply(event);

        SinkResult second = reconciling().apply(event);

        assertThat(second.decision()).isEqualTo(Decision.DONE);
        assertThat(second.reason())
                .isEqualTo("output already in place: written from this version at sequencer " + SEQ_10);
        assertThat(second.outputETag()).isEqualTo(first.outputETag());
        assertThat(ETags.unquoted(outputHead(key).eTag())).isEqualTo(first.outputETag());
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void rerunOfARemoveThatRewroteTheOutputEndsDone() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        putInput(key, "dog");
        reconciling().apply(removed(key, SEQ_20));

        SinkResult again = reconciling().apply(removed(key, SEQ_20));

        assertThat(again.decision()).isEqualTo(Decision.DONE);
        assertThat(again.reason())
                .isEqualTo("input still exists after this remove: output already shows its current version");
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void otherSourceAtTheSameSequencerIsSuperseded() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        PutObjectResponse dog = putInput(key, "dog");

        SinkResult result = reconciling().apply(created(key, dog, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_10);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void outputWithoutRecordedSequencerIsReplaced() {
        PutObjectResponse put = putInput(key, "cat");
        admin.putObject(b -> b.bucket(OUT).key(PREFIX + key), RequestBody.fromString("foreign"));

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void outputWhoseRecordedSequencerIsNotHexCountsAsOlderThanAnyEvent() {
        PutObjectResponse put = putInput(key, "cat");
        writeOutput(key, "foreign", "none");

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void removeDeletesAnOutputWhoseRecordedSequencerIsNotHex() {
        writeOutput(key, "foreign", "none");

        SinkResult result = reconciling().apply(removed(key, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isNull();
    }

    @Test
    void foreignOutputIsReportedOncePerOutput() {
        PutObjectResponse put = putInput(key, "cat");
        admin.putObject(b -> b.bucket(OUT).key(PREFIX + key), RequestBody.fromString("foreign"));
        s3.faults().refuseNextPuts(PREFIX + key, 2 * SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        S3ObjectSink sink = reconciling();
        ListAppender<ILoggingEvent> logged = capture();
        try {
            sink.apply(created(key, put, SEQ_10));
            sink.apply(created(key, put, SEQ_10));
        } finally {
            release(logged);
        }

        assertThat(logged.list)
                .filteredOn(e -> e.getFormattedMessage().contains("not written by seqgate"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.WARN);
                    assertThat(e.getFormattedMessage()).contains("s3://" + OUT + "/" + PREFIX + key);
                });
    }

    @Test
    void recordedSequencerIsReadWhateverTheCaseOfItsMetadataKey() {
        PutObjectResponse put = putInput(key, "cat");
        writeOutput(key, "newer", SEQ_30);
        s3.faults().titleCaseMetadataKeys();

        SinkResult result = reconciling().apply(created(key, put, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_30);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void transformUnsupportedIsUnsupportedWithItsMessage() {
        PutObjectResponse put = putInput(key, "NOPE, a text file");

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason()).isEqualTo(ReversingTransform.REFUSAL);
        assertThat(output(key)).isNull();
    }

    @Test
    void unsupportedNewestVersionDeletesTheOutputOfAnOlderVersion() {
        PutObjectResponse image = putInput(key, "cat");
        reconciling().apply(created(key, image, SEQ_10));
        PutObjectResponse text = putInput(key, "NOPE, a text file");

        SinkResult result = reconciling().apply(created(key, text, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo(ReversingTransform.REFUSAL + "; deleted the output of older sequencer " + SEQ_10);
        assertThat(output(key)).isNull();
    }

    @Test
    void unsupportedNewestVersionDeletesAnOutputOfUnknownOrigin() {
        PutObjectResponse text = putInput(key, "NOPE, a text file");
        admin.putObject(b -> b.bucket(OUT).key(PREFIX + key), RequestBody.fromString("foreign"));

        SinkResult result = reconciling().apply(created(key, text, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo(
                        ReversingTransform.REFUSAL + "; deleted the output of unknown origin (no seqgate sequencer)");
        assertThat(output(key)).isNull();
    }

    @Test
    void unsupportedVersionKeepsTheOutputOfANewerVersion() {
        PutObjectResponse text = putInput(key, "NOPE, a text file");
        writeOutput(key, "newer", SEQ_30);

        SinkResult result = reconciling().apply(created(key, text, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo(ReversingTransform.REFUSAL + "; output kept: it reflects sequencer " + SEQ_30);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void removeThatUncoversAnUnsupportedVersionDeletesTheOutputOfTheRemovedOne() {
        putInput(key, "NOPE, a text file");
        PutObjectResponse image = putInput(key, "dog");
        reconciling().apply(created(key, image, SEQ_20));
        admin.deleteObject(b -> b.bucket(IN).key(key).versionId(image.versionId()));

        SinkResult result = reconciling().apply(removed(key, SEQ_30));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .isEqualTo("input still exists after this remove, but its current version cannot be" + " transformed: "
                        + ReversingTransform.REFUSAL + "; deleted the output of older sequencer " + SEQ_20);
        assertThat(output(key)).isNull();
    }

    @Test
    void transformThatThrowsEndsFailedWithoutThrowing() {
        PutObjectResponse put = putInput(key, "cat");
        Transform broken = (bytes, type) -> {
            throw new IllegalStateException("bug in transform");
        };
        S3ObjectSink sink = new S3ObjectSink(client, settings(true), broken, time, time);

        SinkResult result = sink.apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("transform failed: java.lang.IllegalStateException: bug in transform");
    }

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

    // --- reconcile mode: removes -------------------------------------------------------------

    @Test
    void removeDeletesOutputWhenInputGone() {
        PutObjectResponse put = putInput(key, "cat");
        reconciling().apply(created(key, put, SEQ_10));
        admin.deleteObject(b -> b.bucket(IN).key(key));

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("deleted output");
        assertThat(output(key)).isNull();
    }

    @Test
    void removeWhileInputExistsRewritesOutputFromTheCurrentInput() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        PutObjectResponse dog = putInput(key, "dog"); // its create event (seq 30) is still on its way

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason())
                .isEqualTo("input still exists after this remove: output rewritten from its current version");
        assertThat(output(key)).isEqualTo("god");
        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_20);
        assertThat(reconciling().apply(created(key, dog, SEQ_30)).decision()).isEqualTo(Decision.DONE);
        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_30);
    }

    @Test
    void removeOfANonCurrentVersionLeavesOutputOnTheCurrentVersionWhenItsCreateArrivesLate() {
        PutObjectResponse v1 = putInput(key, "cat");
        reconciling().apply(created(key, v1, SEQ_10));
        putInput(key, "dog"); // v2, seq 20: its event arrives after the remove, and the gate drops it as STALE
        admin.deleteObject(b -> b.bucket(IN).key(key).versionId(v1.versionId()));

        SinkResult result = reconciling().apply(removed(key, SEQ_30));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void slowWriterDoesNotBringBackTheOutputOfAnInputRemovedMeanwhile() {
        PutObjectResponse cat = putInput(key, "cat");
        // While this writer transforms, the input is deleted and that remove deletes the output.
        Transform removedMeanwhile = (bytes, contentType) -> {
            admin.deleteObject(b -> b.bucket(IN).key(key));
            SinkResult remove = reconciling().apply(removed(key, SEQ_20));
            assertThat(remove.decision()).isEqualTo(Decision.DONE);
            return transform.apply(bytes, contentType);
        };
        S3ObjectSink slow = new S3ObjectSink(client, settings(true), removedMeanwhile, time, time);

        SinkResult result = slow.apply(withoutVersion(created(key, cat, SEQ_10)));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input was removed after this event was read");
        assertThat(output(key)).isNull();
    }

    @Test
    void removeKeepsNewerOutput() {
        writeOutput(key, "newer", SEQ_30);

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_30);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void removeAtTheSequencerOfTheLastCreateDeletesItsOutput() {
        PutObjectResponse put = putInput(key, "cat");
        reconciling().apply(created(key, put, SEQ_10));
        admin.deleteObject(b -> b.bucket(IN).key(key));

        SinkResult result = reconciling().apply(removed(key, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("deleted output");
        assertThat(output(key)).isNull();
    }

    @Test
    void removeOfAbsentOutputIsDone() {
        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("output already absent");
    }

    @Test
    void newerWriterBetweenHeadAndDeleteIsKept() {
        writeOutput(key, "old", SEQ_10);
        s3.faults().afterNextHead(PREFIX + key, k -> writeOutput(key, "newer", SEQ_30));

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(output(key)).isEqualTo("newer");
    }

    // --- errors ------------------------------------------------------------------------------

    @Test
    void transientFailureIsRetriedThenSucceeds() {
        PutObjectResponse put = putInput(key, "cat");
        s3.faults().failNextCalls(3);

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(time.sleeps).hasSize(3);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void retryWaitsGrowAndStayUnderTheCap() {
        PutObjectResponse put = putInput(key, "cat");
        s3.faults().failNextCalls(8);

        reconciling().apply(created(key, put, SEQ_10));

        assertThat(time.sleeps).hasSize(8).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(time.sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(time.sleeps.get(7)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void transientFailureBeyondBudgetEndsFailed() {
        PutObjectResponse put = putInput(key, "cat");
        s3.faults().failNextCalls(Integer.MAX_VALUE);

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .startsWith("S3 unavailable after ")
                .contains("over 20.0s")
                .contains("HTTP 500");
        assertThat(time.elapsed()).isEqualTo(SinkSettings.DEFAULT_RETRY_BUDGET);
    }

    @Test
    void refusedConnectionIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3Settings nowhere = new S3Settings(
                URI.create("http://127.0.0.1:" + closedPort),
                InProcessS3.REGION,
                true,
                InProcessS3.ACCESS_KEY,
                InProcessS3.SECRET_KEY);
        try (S3Client unreachable = S3Clients.create(nowhere, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            S3ObjectSink sink = new S3ObjectSink(unreachable, settings(true), transform, time, time);

            SinkResult result = sink.apply(removed(key, SEQ_10));

            assertThat(result.decision()).isEqualTo(Decision.FAILED);
            assertThat(result.reason()).startsWith("S3 unavailable after ");
            assertThat(time.sleeps).isNotEmpty();
        }
    }

    @Test
    void permanentFailureEndsFailedAtOnce() {
        PutObjectResponse put = putInput(key, "cat");
        SinkSettings missingBucket = new SinkSettings(
                "no-such-bucket",
                PREFIX,
                false,
                MAX_BYTES,
                true,
                SinkSettings.DEFAULT_BACKOFF_BASE,
                SinkSettings.DEFAULT_BACKOFF_CAP,
                SinkSettings.DEFAULT_RETRY_BUDGET,
                SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        S3ObjectSink sink = new S3ObjectSink(client, missingBucket, transform, time, time);

        SinkResult result = sink.apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .startsWith("S3 refused PUT s3://no-such-bucket/")
                .contains("NoSuchBucket");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void wrongCredentialsEndFailedAtOnce() {
        PutObjectResponse put = putInput(key, "cat");
        S3Settings wrong = new S3Settings(
                s3.settings().endpoint(), InProcessS3.REGION, true, InProcessS3.ACCESS_KEY, "not-the-secret");
        try (S3Client stranger = S3Clients.create(wrong, InProcessS3.CALL_TIMEOUT, InProcessS3.CALL_TIMEOUT)) {
            S3ObjectSink sink = new S3ObjectSink(stranger, settings(true), transform, time, time);

            SinkResult result = sink.apply(created(key, put, SEQ_10));

            assertThat(result.decision()).isEqualTo(Decision.FAILED);
            assertThat(result.reason()).startsWith("S3 refused GET").contains("HTTP 403");
            assertThat(time.sleeps).isEmpty();
        }
    }

    @Test
    void otherKindEndsFailedWithoutThrowing() {
        ObjectEvent restore = new ObjectEvent(
                IN, key, "ObjectRestore:Completed", EventKind.OTHER, SEQ_10, null, null, null, null, null, "s3");

        SinkResult result = reconciling().apply(restore);

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("programming error: a ObjectRestore:Completed event reached the sink; only creates and"
                        + " removes pass the gate");
    }

    @Test
    void eventWithoutSequencerEndsFailedWithoutThrowing() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result = reconciling().apply(withSequencer(created(key, put, SEQ_10), null));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("programming error: ObjectCreated:Put " + IN + "/" + key
                        + " has no sequencer and reached the sink; the gate drops such events");
        assertThat(output(key)).isNull();
    }

    // --- calls per object ----------------------------------------------------------------------

    @Test
    void newOutputIsWrittenWithoutLookingAtTheOutputFirst() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 1, "PUT", 1));
    }

    @Test
    void outputThisSinkWroteIsLookedAtBeforeItIsReplaced() {
        S3ObjectSink sink = reconciling();
        sink.apply(created(key, putInput(key, "cat"), SEQ_10));
        PutObjectResponse dog = putInput(key, "dog");
        s3.requests().reset();

        SinkResult result = sink.apply(created(key, dog, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 1, "PUT", 1));
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void outputThisSinkHasNotSeenIsLookedAtAfterTheRefusedWrite() {
        reconciling().apply(created(key, putInput(key, "cat"), SEQ_10));
        PutObjectResponse dog = putInput(key, "dog");
        s3.requests().reset();

        SinkResult result = reconciling().apply(created(key, dog, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 2, "PUT", 2));
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void removeOfAGoneInputReadsLooksAndDeletes() {
        S3ObjectSink sink = reconciling();
        sink.apply(created(key, putInput(key, "cat"), SEQ_10));
        admin.deleteObject(b -> b.bucket(IN).key(key));
        s3.requests().reset();

        SinkResult result = sink.apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 1, "DELETE", 1));
    }

    @Test
    void worstPathMakesExactlyTheWorstCaseCalls() {
        putInput(key, "cat");
        s3.faults().refuseNextPuts(PREFIX + key, SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        s3.requests().reset();

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("output s3://" + OUT + "/" + PREFIX + key
                        + " changed under 3 conditional writes in a row (maxWriteRounds)");
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 6, "PUT", 3));
        assertThat(s3.requests().total()).isEqualTo(S3ObjectSink.worstCaseCalls(settings(true)));
    }

    @Test
    void createUnderContentionStaysWithinTheWorstCaseCalls() {
        PutObjectResponse put = putInput(key, "cat");
        s3.faults().refuseNextPuts(PREFIX + key, SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        s3.requests().reset();

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(s3.requests().total()).isLessThanOrEqualTo(S3ObjectSink.worstCaseCalls(settings(true)));
    }

    @Test
    void worstCaseApplyTimeIsWorstCaseCallsTimesCallTimeoutPlusRetryBudget() {
        Duration worst = S3ObjectSink.worstCaseApplyTime(settings(true), Duration.ofSeconds(5));

        assertThat(S3ObjectSink.worstCaseCalls(settings(true))).isEqualTo(10);
        assertThat(worst).isEqualTo(Duration.ofSeconds(10 * 5 + 20));
    }

    // --- naive mode --------------------------------------------------------------------------

    @Test
    void naiveModeWritesWhateverItReads() {
        PutObjectResponse older = putInput(key, "cat");
        PutObjectResponse newer = putInput(key, "dog");
        S3ObjectSink naive = naive();
        naive.apply(created(key, newer, SEQ_20));

        SinkResult result = naive.apply(created(key, older, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("wrote output (unconditionally)");
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void naiveModeReadsLatestWhenEventHasNoVersion() {
        PutObjectResponse older = putInput(key, "cat");
        putInput(key, "dog");

        naive().apply(withoutVersion(created(key, older, SEQ_10)));

        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void naiveRemoveDeletesOutputEvenWhenInputExists() {
        PutObjectResponse put = putInput(key, "cat");
        naive().apply(created(key, put, SEQ_10));

        SinkResult result = naive().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("deleted output (unconditionally)");
        assertThat(output(key)).isNull();
    }

    // --- helpers -----------------------------------------------------------------------------

    private S3ObjectSink reconciling() {
        return new S3ObjectSink(client, settings(true), transform, time, time);
    }

    private S3ObjectSink naive() {
        return new S3ObjectSink(client, settings(false), transform, time, time);
    }

    private static SinkSettings settings(boolean reconcile) {
        return SinkSettings.of(OUT, PREFIX, MAX_BYTES, reconcile);
    }

    private static PutObjectResponse putInput(String key, String content) {
        return admin.putObject(b -> b.bucket(IN).key(key), RequestBody.fromString(content));
    }

    private static void writeOutput(String key, String content, String sequencer) {
        admin.putObject(
                b -> b.bucket(OUT).key(PREFIX + key).metadata(Map.of(OutputMetadata.SOURCE_SEQUENCER, sequencer)),
                RequestBody.fromString(content));
    }

    /** The output's content as text, or null when it does not exist. */
    private static String output(String key) {
        try {
            return admin.getObjectAsBytes(b -> b.bucket(OUT).key(PREFIX + key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static HeadObjectResponse outputHead(String key) {
        return admin.headObject(b -> b.bucket(OUT).key(PREFIX + key));
    }

    private static ObjectEvent created(String key, PutObjectResponse put, String sequencer) {
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

    private static ObjectEvent removed(String key, String sequencer) {
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

    private static ObjectEvent withoutVersion(ObjectEvent e) {
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

    private static ObjectEvent withSize(ObjectEvent e, Long size) {
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

    private static ObjectEvent withSequencer(ObjectEvent e, String sequencer) {
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

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(OutputMetadata.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(OutputMetadata.class)).detachAppender(appender);
    }

    /** A clock that only moves when the sink sleeps, so retry tests take no real time. */
    private static final class FakeTime extends Clock implements S3Calls.Sleeper {
        private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        private final List<Duration> sleeps = new ArrayList<>();
        private Instant now = START;

        @Override
        public synchronized void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        synchronized Duration elapsed() {
            return Duration.between(START, now);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
