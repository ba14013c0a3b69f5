package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.Decision;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reconcile records: the sink settles the output to whatever the input holds now, and changes nothing
 * when it is in sync already (docs/reconcile.md).
 */
class ReconcilingSettleTest extends S3SinkTestBase {

    /** A reconcile record as the gate hands it on: the listed version, and the sequencer it lent (or none). */
    static ObjectEvent reconcile(String key, Cause cause, PutObjectResponse listed, String sequencer) {
        return new ObjectEvent(
                IN,
                key,
                cause.eventName(),
                EventKind.RECONCILE,
                sequencer,
                listed == null ? null : ETags.unquoted(listed.eTag()),
                listed == null ? null : listed.versionId(),
                null,
                null,
                Instant.now(),
                "s3");
    }

    @Test
    void settleWritesAMissingOutputWithTheCallsOfANewCreate() {
        PutObjectResponse cat = putInput(key, "cat");
        s3.requests().reset();

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_MISSING, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason())
                .isEqualTo("settled: wrote the output from the input's current version (eTag "
                        + ETags.unquoted(cat.eTag()) + ")");
        assertThat(output(key)).isEqualTo("tac");
        assertThat(outputHead(key).metadata())
                .containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_10)
                .containsEntry(OutputMetadata.SOURCE_ETAG, ETags.unquoted(cat.eTag()))
                .containsEntry(OutputMetadata.TRANSFORM, ReversingTransform.IDENTITY);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("GET", 1, "HEAD", 1, "PUT", 1));
    }

    @Test
    void settleOfAnObjectInSyncWritesNothingAndReadsNoInput() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        s3.requests().reset();

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_STALE, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.IN_SYNC);
        assertThat(result.reason())
                .isEqualTo("in sync: the output already shows the input's current version (eTag "
                        + ETags.unquoted(cat.eTag()) + ")");
        assertThat(transform.calls()).isEqualTo(1);
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("HEAD", 1));
    }

    @Test
    void settleUnderNoSequencerRecordsNoneAndALiveEventStillRewrites() {
        PutObjectResponse cat = putInput(key, "cat");

        reconciling().apply(reconcile(key, Cause.OUTPUT_MISSING, cat, null));

        assertThat(outputHead(key).metadata())
                .doesNotContainKey(OutputMetadata.SOURCE_SEQUENCER)
                .containsEntry(OutputMetadata.SOURCE_ETAG, ETags.unquoted(cat.eTag()));
        assertThat(reconciling().apply(created(key, cat, SEQ_10)).decision()).isEqualTo(Decision.DONE);
        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_10);
    }

    @Test
    void settleRewritesAnOutputOfAnOlderVersionUnderTheSequencerLent() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_20));
        PutObjectResponse dog = putInput(key, "dog"); // its notification was lost

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_STALE, dog, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
        assertThat(outputHead(key).metadata())
                .containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_20)
                .containsEntry(OutputMetadata.SOURCE_ETAG, ETags.unquoted(dog.eTag()));
    }

    @Test
    void settleKeepsAHigherSequencerTheOutputRecordsAlready() {
        PutObjectResponse dog = putInput(key, "dog");
        writeOutput(key, "old", SEQ_30);

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_FOREIGN, dog, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.SOURCE_SEQUENCER, SEQ_30);
    }

    @Test
    void aLiveEventOlderThanTheSequencerLentCannotUndoASettle() {
        PutObjectResponse cat = putInput(key, "cat");
        PutObjectResponse dog = putInput(key, "dog");
        reconciling().apply(reconcile(key, Cause.OUTPUT_MISSING, dog, SEQ_20));

        SinkResult late = reconciling().apply(created(key, cat, SEQ_10));

        assertThat(late.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void settleFollowsTheInputWhenItChangedAfterTheListing() {
        PutObjectResponse cat = putInput(key, "cat");
        putInput(key, "dog");

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_MISSING, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("god");
    }

    @Test
    void settleOfAGoneInputDeletesItsOutput() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        admin.deleteObject(b -> b.bucket(IN).key(key));
        s3.requests().reset();

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_ORPHANED, null, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(result.reason()).isEqualTo("settled: deleted the output, whose input no longer exists");
        assertThat(output(key)).isNull();
        assertThat(s3.requests().byMethod()).isEqualTo(Map.of("HEAD", 2, "DELETE", 1));
    }

    @Test
    void settleOfAnInputDeletedAfterTheListingDeletesItsOutput() {
        PutObjectResponse cat = putInput(key, "cat");
        writeOutput(key, "stale", SEQ_10);
        admin.deleteObject(b -> b.bucket(IN).key(key));

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_STALE, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isNull();
    }

    @Test
    void settleOfAGoneInputWithoutOutputIsInSync() {
        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_ORPHANED, null, null));

        assertThat(result.decision()).isEqualTo(Decision.IN_SYNC);
        assertThat(result.reason()).isEqualTo("in sync: the input and its output are both absent");
    }

    @Test
    void settleRewritesAnOutputOfAnotherTransform() {
        PutObjectResponse cat = putInput(key, "cat");
        admin.putObject(
                b -> b.bucket(OUT)
                        .key(PREFIX + key)
                        .metadata(Map.of(
                                OutputMetadata.SOURCE_SEQUENCER,
                                SEQ_10,
                                OutputMetadata.SOURCE_ETAG,
                                ETags.unquoted(cat.eTag()),
                                OutputMetadata.TRANSFORM,
                                "other/1")),
                RequestBody.fromString("other"));

        SinkResult result = reconciling().apply(reconcile(key, Cause.TRANSFORM_CHANGED, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("tac");
        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.TRANSFORM, ReversingTransform.IDENTITY);
    }

    @Test
    void settleReplacesAnOutputWrittenBySomethingElse() {
        PutObjectResponse cat = putInput(key, "cat");
        admin.putObject(b -> b.bucket(OUT).key(PREFIX + key), RequestBody.fromString("foreign"));

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_FOREIGN, cat, null));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void settleOfAnInputThatCannotBeTransformedDeletesItsOutput() {
        PutObjectResponse cat = putInput(key, "cat");
        reconciling().apply(created(key, cat, SEQ_10));
        PutObjectResponse refused = putInput(key, "NOPE not an image");

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_STALE, refused, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason()).isEqualTo(ReversingTransform.REFUSAL + "; deleted its output");
        assertThat(output(key)).isNull();
    }

    @Test
    void settleUnderContentionStaysWithinTheWorstCaseCalls() {
        putInput(key, "cat");
        s3.faults().refuseNextPuts(PREFIX + key, SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
        s3.requests().reset();

        SinkResult result = reconciling().apply(reconcile(key, Cause.OUTPUT_FOREIGN, null, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(s3.requests().total()).isLessThanOrEqualTo(S3ObjectSink.worstCaseCalls(settings(true)));
    }

    @Test
    void naiveSettleWritesTheCurrentVersionUnconditionally() {
        putInput(key, "cat");
        writeOutput(key, "newer", SEQ_30);

        SinkResult result = naive().apply(reconcile(key, Cause.OUTPUT_STALE, null, null));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(output(key)).isEqualTo("tac");
    }
}
