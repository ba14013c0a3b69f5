package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Naive mode (coordination off), the baseline the demo compares against: it writes whatever it
 * reads, and deletes the output on every remove.
 */
class NaiveSinkTest extends S3SinkTestBase {

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
}
