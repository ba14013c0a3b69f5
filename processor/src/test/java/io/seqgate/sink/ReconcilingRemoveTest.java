package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reconcile mode, removes: the output is deleted when the input is gone, and shows the input's
 * current version when it is not.
 */
class ReconcilingRemoveTest extends S3SinkTestBase {

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
}
