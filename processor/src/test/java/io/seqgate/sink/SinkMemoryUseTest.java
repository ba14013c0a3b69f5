package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.transform.Transform;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * How the sink uses its memory budget: a job claims its share before it reads an input's body, waits for
 * it holding none of the body, and gives it back whatever the job ends in.
 */
class SinkMemoryUseTest extends S3SinkTestBase {

    /** Larger than the first bytes the estimate reads, so that its body is left unread while it waits. */
    private static final int LARGE = 3 * MemoryEstimate.HEAD_BYTES;

    private static final long BUDGET = 1024 * 1024;

    private final SinkMemory memory = new SinkMemory(BUDGET, SeqgateMetrics.none());
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWorker() throws InterruptedException {
        worker.shutdownNow();
        assertThat(worker.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    private S3ObjectSink sink(Transform transform) {
        return new S3ObjectSink(
                client,
                settings(true),
                transform,
                ReversingTransform.IDENTITY,
                memory,
                MemoryEstimate.images(1_000_000),
                time,
                time);
    }

    private static PutObjectResponse putInput(String key, int size) {
        return admin.putObject(b -> b.bucket(IN).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private int gets() {
        return s3.requests().byMethod().getOrDefault("GET", 0);
    }

    @Test
    void aJobWhoseShareDoesNotFitWaitsForItThenReadsTheInputAgainAndEndsDone() throws Exception {
        PutObjectResponse put = putInput(key, LARGE);
        SinkMemory.Claim others = memory.claim(BUDGET);

        Future<SinkResult> job = worker.submit(() -> sink(transform).apply(created(key, put, SEQ_10)));
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.waiting() == 1);

        assertThat(gets())
                .as("GETs while it waits: the first, its body left unread")
                .isEqualTo(1);
        assertThat(job.isDone()).isFalse();

        others.close();

        assertThat(job.get(1, TimeUnit.MINUTES).decision()).isEqualTo(Decision.DONE);
        assertThat(gets()).as("GETs: the first, and the one after the wait").isEqualTo(2);
        assertThat(output(key)).hasSize(LARGE);
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void aSmallInputReadWholeInItsFirstBytesWaitsAsItIsWithoutASecondGet() throws Exception {
        PutObjectResponse put = putInput(key, "cat");
        SinkMemory.Claim others = memory.claim(BUDGET);

        Future<SinkResult> job = worker.submit(() -> sink(transform).apply(created(key, put, SEQ_10)));
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.waiting() == 1);
        others.close();

        assertThat(job.get(1, TimeUnit.MINUTES).decision()).isEqualTo(Decision.DONE);
        assertThat(gets()).isEqualTo(1);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void anObjectLargerThanTheWholeBudgetRunsAloneRatherThanNever() {
        PutObjectResponse put = putInput(key, LARGE);
        SinkMemory small = new SinkMemory(LARGE, SeqgateMetrics.none());
        S3ObjectSink sink = new S3ObjectSink(
                client,
                settings(true),
                transform,
                ReversingTransform.IDENTITY,
                small,
                MemoryEstimate.images(1_000_000),
                time,
                time);

        assertThat(sink.apply(created(key, put, SEQ_10)).decision()).isEqualTo(Decision.DONE);
        assertThat(small.reserved()).isZero();
    }

    @Test
    void theWaitForMemorySpendsNoneOfTheRetryBudget() throws Exception {
        PutObjectResponse put = putInput(key, LARGE);
        SinkMemory.Claim others = memory.claim(BUDGET);
        Future<SinkResult> job = worker.submit(() -> sink(transform).apply(created(key, put, SEQ_10)));
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.waiting() == 1);

        // Far longer than the 20 s retry budget passes while it waits; then S3 fails twice.
        time.sleep(Duration.ofMinutes(5));
        s3.faults().failNextCalls(2);
        others.close();

        SinkResult result = job.get(1, TimeUnit.MINUTES);
        assertThat(result.decision()).as(result.reason()).isEqualTo(Decision.DONE);
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void aJobInterruptedWhileItWaitsEndsFailedHoldingNothing() throws Exception {
        PutObjectResponse put = putInput(key, LARGE);
        SinkMemory.Claim others = memory.claim(BUDGET);
        Future<SinkResult> job = worker.submit(() -> sink(transform).apply(created(key, put, SEQ_10)));
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.waiting() == 1);

        worker.shutdownNow(); // as the pool is stopped when the processor closes

        SinkResult result = job.get(1, TimeUnit.MINUTES);
        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("interrupted while waiting for memory to read s3://input/" + key);
        assertThat(memory.waiting()).isZero();
        others.close();
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void theShareIsGivenBackWhateverTheJobEndsIn() {
        S3ObjectSink sink = sink(transform);

        assertThat(sink.apply(created(key, putInput(key, LARGE), SEQ_10)).decision())
                .isEqualTo(Decision.DONE);
        assertThat(memory.reserved()).as("after DONE").isZero();

        PutObjectResponse refused = putInput(key, "NOPE, not an image");
        assertThat(sink.apply(created(key, refused, SEQ_15)).decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(memory.reserved()).as("after UNSUPPORTED").isZero();

        PutObjectResponse older = putInput(key, "older");
        putInput(key, "newer");
        assertThat(sink.apply(created(key, older, SEQ_20)).decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(memory.reserved()).as("after SUPERSEDED").isZero();

        assertThat(sink.apply(removed(key, SEQ_30)).decision()).isEqualTo(Decision.DONE);
        assertThat(memory.reserved())
                .as("after a remove that rewrote the output")
                .isZero();

        PutObjectResponse listed = putInput(key, LARGE);
        assertThat(sink.apply(ReconcilingSettleTest.reconcile(key, Cause.OUTPUT_STALE, listed, "0000000000000040"))
                        .decision())
                .isEqualTo(Decision.DONE);
        assertThat(memory.reserved()).as("after a settle").isZero();

        PutObjectResponse input = putInput(key, "cat");
        S3ObjectSink naive = new S3ObjectSink(
                client,
                settings(false),
                transform,
                ReversingTransform.IDENTITY,
                memory,
                MemoryEstimate.images(1_000_000),
                time,
                time);
        assertThat(naive.apply(created(key, input, "0000000000000050")).decision())
                .isEqualTo(Decision.DONE);
        assertThat(memory.reserved()).as("after the naive sink").isZero();
    }

    @Test
    void theShareIsGivenBackWhenTheTransformThrows() {
        PutObjectResponse put = putInput(key, LARGE);

        SinkResult failed = sink(input -> {
                    throw new IllegalStateException("bug in transform");
                })
                .apply(created(key, put, SEQ_10));

        assertThat(failed.decision()).isEqualTo(Decision.FAILED);
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void theShareIsGivenBackWhenTheTransformThrowsAnError() {
        PutObjectResponse put = putInput(key, LARGE);
        S3ObjectSink sink = sink(input -> {
            throw new OutOfMemoryError("test: Java heap space");
        });

        // The worker turns it into FAILED (TaskJobs); the sink gives the memory back on its way out.
        assertThatThrownBy(() -> sink.apply(created(key, put, SEQ_10))).isInstanceOf(OutOfMemoryError.class);
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void theShareIsGivenBackWhenS3RefusesTheWrite() {
        PutObjectResponse put = putInput(key, LARGE);
        S3ObjectSink sink = new S3ObjectSink(
                client,
                SinkSettings.of("no-such-bucket", PREFIX, MAX_BYTES, true),
                transform,
                ReversingTransform.IDENTITY,
                memory,
                MemoryEstimate.images(1_000_000),
                time,
                time);

        assertThat(sink.apply(created(key, put, SEQ_10)).decision()).isEqualTo(Decision.FAILED);
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void theDecodedShareGoesBackOnceTheOutputIsMadeWhileTheWriteIsStillToCome() {
        PutObjectResponse put = putInput(key, LARGE);
        long[] heldWhileWriting = new long[1];
        s3.faults().afterNextHead(key, k -> heldWhileWriting[0] = memory.reserved());

        assertThat(sink(transform).apply(created(key, put, SEQ_10)).decision()).isEqualTo(Decision.DONE);

        // The check of the input just before the write into an absent output: the input and the output.
        assertThat(heldWhileWriting[0]).isEqualTo(2L * LARGE);
    }
}
