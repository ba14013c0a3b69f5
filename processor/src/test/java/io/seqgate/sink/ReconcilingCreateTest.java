package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.ETags;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reconcile mode, creates: the output shows the transform of the input's newest version, read
 * pinned to the event's version.
 */
class ReconcilingCreateTest extends S3SinkTestBase {

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
    void staleWriterNeverOverwritesNewerOutput() {
        PutObjectResponse put = putInput(key, "cat");
        writeOutput(key, "newer", SEQ_20);

        SinkResult result = reconciling().apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("output already reflects sequencer " + SEQ_20);
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
}
