package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seqgate.event.ETags;
import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * What an output records about its source, and how an output that records no sequencer (written by
 * something else) is treated.
 */
class OutputMetadataTest extends S3SinkTestBase {

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

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(OutputMetadata.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(OutputMetadata.class)).detachAppender(appender);
    }
}
