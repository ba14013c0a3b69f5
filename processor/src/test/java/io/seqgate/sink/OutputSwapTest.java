package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import io.seqgate.transform.Transform;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The compare-and-swap of the output under races: another writer between the look and the write,
 * and an input that moves on while the output is absent.
 */
class OutputSwapTest extends S3SinkTestBase {

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
    void newerWriterBetweenHeadAndDeleteIsKept() {
        writeOutput(key, "old", SEQ_10);
        s3.faults().afterNextHead(PREFIX + key, k -> writeOutput(key, "newer", SEQ_30));

        SinkResult result = reconciling().apply(removed(key, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(output(key)).isEqualTo("newer");
    }

    @Test
    void writerWhoseVersionWasReplacedBeforeItWroteIntoAnAbsentOutputIsSuperseded() {
        PutObjectResponse cat = putInput(key, "cat");
        Transform replacedMeanwhile = input -> {
            putInput(key, "dog");
            return transform.apply(input);
        };
        S3ObjectSink slow =
                new S3ObjectSink(client, settings(true), replacedMeanwhile, ReversingTransform.IDENTITY, time, time);

        SinkResult result = slow.apply(created(key, cat, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input changed after this event was read: a newer version is current");
        assertThat(output(key)).isNull();
    }

    @Test
    void slowWriterDoesNotBringBackTheOutputOfAnInputRemovedMeanwhile() {
        PutObjectResponse cat = putInput(key, "cat");
        // While this writer transforms, the input is deleted and that remove deletes the output.
        Transform removedMeanwhile = input -> {
            admin.deleteObject(b -> b.bucket(IN).key(key));
            SinkResult remove = reconciling().apply(removed(key, SEQ_20));
            assertThat(remove.decision()).isEqualTo(Decision.DONE);
            return transform.apply(input);
        };
        S3ObjectSink slow =
                new S3ObjectSink(client, settings(true), removedMeanwhile, ReversingTransform.IDENTITY, time, time);

        SinkResult result = slow.apply(withoutVersion(created(key, cat, SEQ_10)));

        assertThat(result.decision()).isEqualTo(Decision.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("input was removed after this event was read");
        assertThat(output(key)).isNull();
    }
}
