package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.transform.Transform;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The entry point: S3 errors and transform bugs end FAILED without throwing, transient errors are
 * retried within the budget, and the S3 requests per event (the table of docs/design.md, "The sink's monotonic write") stay within
 * {@link S3ObjectSink#worstCaseCalls}.
 */
class S3ObjectSinkTest extends S3SinkTestBase {

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
            S3ObjectSink sink =
                    new S3ObjectSink(unreachable, settings(true), transform, ReversingTransform.IDENTITY, time, time);

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
        S3ObjectSink sink = new S3ObjectSink(client, missingBucket, transform, ReversingTransform.IDENTITY, time, time);

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
            S3ObjectSink sink =
                    new S3ObjectSink(stranger, settings(true), transform, ReversingTransform.IDENTITY, time, time);

            SinkResult result = sink.apply(created(key, put, SEQ_10));

            assertThat(result.decision()).isEqualTo(Decision.FAILED);
            assertThat(result.reason()).startsWith("S3 refused GET").contains("HTTP 403");
            assertThat(time.sleeps).isEmpty();
        }
    }

    @Test
    void transformThatThrowsEndsFailedWithoutThrowing() {
        PutObjectResponse put = putInput(key, "cat");
        Transform broken = input -> {
            throw new IllegalStateException("bug in transform");
        };
        S3ObjectSink sink = new S3ObjectSink(client, settings(true), broken, ReversingTransform.IDENTITY, time, time);

        SinkResult result = sink.apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("transform failed: java.lang.IllegalStateException: bug in transform");
    }

    @Test
    void otherKindEndsFailedWithoutThrowing() {
        ObjectEvent restore = new ObjectEvent(
                IN, key, "ObjectRestore:Completed", EventKind.OTHER, SEQ_10, null, null, null, null, null, "s3");

        SinkResult result = reconciling().apply(restore);

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("programming error: a ObjectRestore:Completed event reached the sink; only creates,"
                        + " removes and reconcile records pass the gate");
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
    void removeWhoseEveryRoundIsLostMakesOneReadAndThreeCallsARound() {
        putInput(key, "cat");
        s3.faults().refuseNextPuts(PREFIX + key, SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        s3.requests().reset();

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("output s3://" + OUT + "/" + PREFIX + key
                        + " changed under 3 conditional writes in a row (maxWriteRounds)");
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 6, "PUT", 3));
        assertThat(s3.requests().total()).isLessThanOrEqualTo(S3ObjectSink.worstCaseCalls(settings(true)));
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

        // a reconcile record's settle: six calls a round (two GETs when the read waits for memory), three rounds
        assertThat(S3ObjectSink.worstCaseCalls(settings(true))).isEqualTo(18);
        assertThat(worst).isEqualTo(Duration.ofSeconds(18 * 5 + 20));
    }
}
