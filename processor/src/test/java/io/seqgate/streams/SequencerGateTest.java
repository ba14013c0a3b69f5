package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static io.seqgate.streams.Notifications.s3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate's rules, one per test, on the production topology (sink disabled). */
class SequencerGateTest {

    private static final String PUT = "ObjectCreated:Put";
    private static final String DELETE = "ObjectRemoved:Delete";
    // MinIO's lifecycle expiry: its sequencer is the deleted object's modification time, i.e. the
    // sequencer of the last Put (MinIO cmd/data-scanner.go and cmd/event-notification.go, ToEvent).
    private static final String DELETE_ALL_VERSIONS = "ObjectRemoved:DeleteAllVersions";
    private static final String SEQ = "18A2B3C4D5E6F708";

    @TempDir
    Path stateDir;

    private GateDriver gate;

    @BeforeEach
    void start() {
        gate = new GateDriver(stateDir);
    }

    @AfterEach
    void stop() {
        gate.close();
    }

    private void minioPut(String key, String sequencer) {
        gate.send("input/" + key, minio("input", key, PUT, sequencer));
    }

    private void minioEvent(String key, String eventName, String sequencer) {
        gate.send("input/" + key, Notifications.minio("input", key, eventName, sequencer));
    }

    private List<Decision> decisions() {
        return gate.outcomes().stream().map(Outcome::decision).toList();
    }

    @Test
    void acceptsFirstEventOfAnObject() {
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED);
    }

    @Test
    void acceptsEventWithNewerSequencer() {
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void dropsDuplicateWithEqualSequencer() {
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.DUPLICATE);
        assertThat(gate.store().get("input/a.jpg").duplicates()).isEqualTo(1);
    }

    @Test
    void dropsEventWithOlderSequencer() {
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.STALE);
        assertThat(gate.store().get("input/a.jpg").sequencer()).isEqualTo("18A2B3C4D5E6F709");
        assertThat(gate.store().get("input/a.jpg").stale()).isEqualTo(1);
    }

    @Test
    void keysAreGatedIndependently() {
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        minioPut("b.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void comparesSequencersOfDifferentLengthAfterRightPadding() {
        // "0055AED6DCD90281E5" padded to "0055AED6DCD90281E500" is less than "0055AED6DCD90281E501".
        gate.send(null, s3("uploads", PUT, "x.jpg", "0055AED6DCD90281E501"));
        gate.send(null, s3("uploads", PUT, "x.jpg", "0055AED6DCD90281E5"));
        gate.send(null, s3("uploads", PUT, "x.jpg", "0055AED6DCD90281E6"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.STALE, Decision.ACCEPTED);
    }

    @Test
    void treatsTrailingZerosAsPaddingSoTheEventIsADuplicate() {
        // Plain string comparison would call "…E50" newer than "…E5"; padded, they are the same value.
        gate.send(null, s3("uploads", PUT, "x.jpg", "0055AED6DCD90281E5"));
        gate.send(null, s3("uploads", PUT, "x.jpg", "0055AED6DCD90281E50"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.DUPLICATE);
    }

    @Test
    void comparesMixedCaseHexAsEqual() {
        gate.send(null, s3("uploads", PUT, "x.jpg", "00617f08299329d189"));
        gate.send(null, s3("uploads", PUT, "x.jpg", "00617F08299329D189"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.DUPLICATE);
    }

    @Test
    void acceptsDeleteAfterCreate() {
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        gate.send("input/a.jpg", minio("input", "a.jpg", DELETE, "18A2B3C4D5E6F709"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED);
        assertThat(gate.store().get("input/a.jpg").eventName()).isEqualTo(DELETE);
    }

    @Test
    void acceptsCreateAfterDelete() {
        gate.send("input/a.jpg", minio("input", "a.jpg", DELETE, "18A2B3C4D5E6F708"));
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED);
        assertThat(gate.store().get("input/a.jpg").eventName()).isEqualTo(PUT);
    }

    @Test
    void dropsDeleteOlderThanTheCreateItRacedWith() {
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        gate.send("input/a.jpg", minio("input", "a.jpg", DELETE, "18A2B3C4D5E6F708"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.STALE);
    }

    @Test
    void ignoresTestEvent() throws Exception {
        gate.send(null, sample("aws-test-event.json"));
        List<Outcome> outcomes = gate.outcomes();
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.IGNORED);
            assertThat(o.bucket()).isEqualTo("uploads");
        });
        assertThat(gate.store().approximateNumEntries()).isZero();
    }

    @Test
    void ignoresEventWithoutSequencerAndKeepsState() {
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        minioPut("a.jpg", null);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.IGNORED);
        assertThat(gate.store().get("input/a.jpg").sequencer()).isEqualTo("18A2B3C4D5E6F708");
    }

    @Test
    void ignoresEventTypesThatDoNotChangeContent() {
        gate.send(null, s3("uploads", "ObjectRestore:Completed", "x.jpg", "0055AED6DCD90281E5"));
        assertThat(decisions()).containsExactly(Decision.IGNORED);
        assertThat(gate.store().get("uploads/x.jpg")).isNull();
    }

    @Test
    void ignoresMinioRetentionChangeWithNewerSequencerAndKeepsTheStoredSequencer() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", "ObjectCreated:PutRetention", "18A2B3C4D5E6F7FF");
        minioPut("a.jpg", SEQ);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.IGNORED, Decision.DUPLICATE);
        assertThat(gate.store().get("input/a.jpg").sequencer()).isEqualTo(SEQ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectCreated:PutTagging", "ObjectCreated:DeleteTagging", "ObjectCreated:PutLegalHold"})
    void ignoresMinioMetadataEventAtTheSequencerOfTheVersionItNames(String eventName) {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", eventName, SEQ);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision, Outcome::reason)
                .containsExactly(
                        tuple(Decision.ACCEPTED, "first event seen for this object"),
                        tuple(Decision.IGNORED, "event type " + eventName + " does not change the object's content"));
        assertThat(gate.store().get("input/a.jpg").duplicates()).isZero();
    }

    @Test
    void ignoresMinioDeleteOfAMissingKeyWithoutCreatingState() {
        minioEvent("gone.jpg", "ObjectRemoved:NoOP", SEQ);
        assertThat(decisions()).containsExactly(Decision.IGNORED);
        assertThat(gate.store().get("input/gone.jpg")).isNull();
    }

    @Test
    void ignoresMinioMetadataEventWhenCoordinationIsOff() {
        gate.close();
        gate = new GateDriver(stateDir, Map.of("COORDINATION", "off"), null);
        minioEvent("a.jpg", "ObjectCreated:PutRetention", SEQ);
        assertThat(decisions()).containsExactly(Decision.IGNORED);
    }

    @Test
    void ignoresCloudTrailEventFromEventBridgeWithoutDeadLetter() throws Exception {
        gate.send(null, sample("eventbridge-cloudtrail-put-object.json"));
        assertThat(gate.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.IGNORED);
            assertThat(o.event()).isEqualTo("AWS API Call via CloudTrail");
        });
        assertThat(gate.deadLetters()).isEmpty();
    }

    @Test
    void deadLettersAnEventOfOtherKindThatAnOlderReleaseRepartitioned() {
        // Before other kinds ended in ParseNotifications, they took the repartition hop to the gate.
        TestInputTopic<String, ObjectEvent> rekey = gate.driver.createInputTopic(
                "seqgate-" + Names.REKEY + "-repartition",
                new StringSerializer(),
                SeqgateSerdes.objectEvent().serializer());
        rekey.pipeInput(
                "input/a.jpg",
                new ObjectEvent(
                        "input",
                        "a.jpg",
                        "ObjectCreated:PutRetention",
                        EventKind.OTHER,
                        SEQ,
                        null,
                        "v1",
                        null,
                        null,
                        null,
                        "minio"));
        assertThat(gate.outcomes()).isEmpty();
        assertThat(gate.deadLetters()).hasSize(1);
        assertThat(gate.store().get("input/a.jpg")).isNull();
    }

    // --- a remove and a create at the same sequencer ---

    @Test
    void acceptsRemoveAtTheSequencerOfTheLastCreate() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED);
        assertThat(gate.store().get("input/a.jpg").removed()).isTrue();
        assertThat(gate.store().get("input/a.jpg").eventName()).isEqualTo(DELETE_ALL_VERSIONS);
    }

    @Test
    void dropsCreateAtTheSequencerOfAnAcceptedRemoveAsStale() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        minioPut("a.jpg", SEQ);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.STALE);
        assertThat(gate.store().get("input/a.jpg").removed()).isTrue();
    }

    @Test
    void dropsRemoveRedeliveredAtTheSameSequencerAsDuplicate() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        assertThat(decisions())
                .containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.STALE, Decision.DUPLICATE);
        assertThat(gate.store().get("input/a.jpg").accepted()).isEqualTo(2);
    }

    @Test
    void dropsCreateAtTheSequencerOfAFailedRemoveInsteadOfRetryingIt() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        gate.store()
                .put("input/a.jpg", gate.store().get("input/a.jpg").withOutcome(Decision.FAILED, "S3 unavailable", 0));
        minioPut("a.jpg", SEQ);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.STALE);
    }

    @Test
    void retriesFailedRemoveRedeliveredAtItsSequencer() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        gate.store()
                .put("input/a.jpg", gate.store().get("input/a.jpg").withOutcome(Decision.FAILED, "S3 unavailable", 0));
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void acceptsCreateWithNewerSequencerAfterARemove() {
        minioPut("a.jpg", SEQ);
        minioEvent("a.jpg", DELETE_ALL_VERSIONS, SEQ);
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED);
        assertThat(gate.store().get("input/a.jpg").removed()).isFalse();
    }

    // --- one message, one dead letter ---

    @Test
    void deadLettersMessageWithKeyOver64KiBOnceWithItsReason() {
        gate.send(null, s3("uploads", PUT, "k".repeat(70_000), SEQ));
        assertThat(gate.deadLetters())
                .singleElement()
                .satisfies(
                        r -> assertThat(new String(
                                        r.headers()
                                                .lastHeader(DeadLetters.REASON)
                                                .value(),
                                        StandardCharsets.UTF_8))
                                .isEqualTo(
                                        "Records[0].s3.object.key decodes to a key of 70000 bytes (UTF-8); S3 object keys are at most 1024 bytes"));
        assertThat(gate.outcomes()).isEmpty();
    }

    @Test
    void deadLettersDirectMessageWithVersionIdOver64KiBOnceWithItsReason() {
        gate.send("uploads/a.jpg", Notifications.s3PutVersion("uploads", "a.jpg", "e1", 3, "v".repeat(70_000), SEQ));
        assertThat(gate.deadLetters())
                .singleElement()
                .satisfies(r -> assertThat(new String(
                                r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                        .endsWith("S3 version ids are at most 1024 bytes"));
        assertThat(gate.outcomes()).isEmpty();
    }

    @Test
    void keyWithLoneSurrogateDoesNotShareStateWithTheObjectNamedWithQuestionMark() {
        gate.send(null, """
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"},\
                "object":{"key":"x\\ud800","sequencer":"%s"}}}]}""".formatted(SEQ));
        gate.send(null, s3("uploads", PUT, "x?", SEQ));
        assertThat(gate.deadLetters()).hasSize(1);
        assertThat(gate.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo("x?");
            assertThat(o.decision()).isEqualTo(Decision.ACCEPTED);
        });
    }

    @Test
    void splitsMultiRecordMessageIntoOneOutcomePerRecord() {
        gate.send(
                null,
                s3(
                        "uploads",
                        PUT,
                        "a.jpg",
                        "0055AED6DCD90281E5",
                        "b.jpg",
                        "0055AED6DCD90281E5",
                        "a.jpg",
                        "0055AED6DCD90281E5"));
        List<Outcome> outcomes = gate.outcomes();
        assertThat(outcomes).extracting(Outcome::key).containsExactly("a.jpg", "b.jpg", "a.jpg");
        assertThat(outcomes)
                .extracting(Outcome::decision)
                .containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.DUPLICATE);
    }

    @Test
    void acceptsEveryInputShapeOnOneTopic() throws Exception {
        for (String sample : List.of(
                "minio-put.json",
                "minio-put-nested-key.json",
                "aws-records-put.json",
                "aws-records-versioned-put.json",
                "sns-envelope.json",
                "eventbridge-object-created.json")) {
            gate.send(null, sample(sample));
        }
        assertThat(gate.outcomes())
                .extracting(o -> o.bucket() + "/" + o.key() + " " + o.decision())
                .containsExactly(
                        "input/img7.jpg ACCEPTED",
                        "input/cats/tom and jerry.jpg ACCEPTED",
                        "uploads/incoming/summer party.jpg ACCEPTED",
                        "versioned/a/b/c.png ACCEPTED",
                        "uploads/x.jpg ACCEPTED",
                        "uploads/incoming/photo.jpg ACCEPTED");
    }

    @Test
    void gatesDeleteSamplesAgainstTheirCreates() throws Exception {
        gate.send(null, sample("eventbridge-object-created.json"));
        gate.send(null, sample("eventbridge-object-deleted.json"));
        gate.send(null, sample("minio-put.json"));
        gate.send(null, sample("minio-delete.json"));
        assertThat(decisions())
                .containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void decodesKeysWithFormUrlDecoding() {
        for (String key : List.of("summer party.jpg", "1+1=2.jpg", "été/ünïcødé.jpg", "a/b/c.jpg")) {
            gate.send(null, s3("uploads", PUT, key, "0055AED6DCD90281E5"));
        }
        assertThat(gate.outcomes())
                .extracting(Outcome::key)
                .containsExactly("summer party.jpg", "1+1=2.jpg", "été/ünïcødé.jpg", "a/b/c.jpg");
        assertThat(gate.store().get("uploads/1+1=2.jpg")).isNotNull();
    }

    @Test
    void gatesByBucketAndKeyWhateverTheRecordKey() {
        gate.send(null, minio("input", "a.jpg", PUT, "18A2B3C4D5E6F709"));
        gate.send("some-connector-key", minio("input", "a.jpg", PUT, "18A2B3C4D5E6F708"));
        gate.send("input/a.jpg", minio("input", "a.jpg", PUT, "18A2B3C4D5E6F709"));
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.STALE, Decision.DUPLICATE);
        assertThat(gate.store().get("input/a.jpg").accepted()).isEqualTo(1);
    }

    @Test
    void sendsUnparseableMessageToDeadLettersAndGoesOn() {
        gate.send("input/a.jpg", "this is not json");
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        List<TestRecord<byte[], byte[]>> dead = gate.deadLetters();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("input/a.jpg");
            assertThat(r.headers().lastHeader(DeadLetters.KIND).value())
                    .asString()
                    .isEqualTo(DeadLetterKinds.UNPARSEABLE);
            assertThat(r.headers().lastHeader(DeadLetters.REASON)).isNotNull();
        });
        assertThat(decisions()).containsExactly(Decision.ACCEPTED);
    }

    @Test
    void purgesStateIdleLongerThanRetention() {
        gate.close();
        gate = new GateDriver(stateDir, Map.of("SEQGATE_STATE_RETENTION", "1h", "SEQGATE_PURGE_INTERVAL", "10m"), null);
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        gate.driver.advanceWallClockTime(Duration.ofMinutes(30));
        minioPut("b.jpg", "18A2B3C4D5E6F708");
        gate.driver.advanceWallClockTime(Duration.ofMinutes(40));
        assertThat(gate.store().get("input/a.jpg")).isNull();
        assertThat(gate.store().get("input/b.jpg")).isNotNull();
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void passesEveryEventWhenCoordinationIsOff() {
        gate.close();
        gate = new GateDriver(stateDir, Map.of("COORDINATION", "off"), null);
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        minioPut("a.jpg", "18A2B3C4D5E6F709");
        minioPut("a.jpg", "18A2B3C4D5E6F708");
        assertThat(decisions()).containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.ACCEPTED);
    }

    @Test
    void ignoresObjectsInTheOutputLocation() {
        gate.close();
        gate = new GateDriver(
                stateDir, Map.of("SEQGATE_OUTPUT_BUCKET", "input", "SEQGATE_OUTPUT_PREFIX", "inverted/"), null);
        gate.send(null, s3("input", PUT, "inverted/a.jpg", "0055AED6DCD90281E5"));
        assertThat(gate.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.IGNORED);
            assertThat(o.reason()).contains("output location");
        });
    }

    @Test
    void recordsOutcomeFieldsForAcceptedEvent() {
        minioPut("dir/a b.jpg", "18A2B3C4D5E6F708");
        assertThat(gate.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.bucket()).isEqualTo("input");
            assertThat(o.key()).isEqualTo("dir/a b.jpg");
            assertThat(o.sequencer()).isEqualTo("18A2B3C4D5E6F708");
            assertThat(o.event()).isEqualTo(PUT);
            assertThat(o.instance()).isEqualTo("test-instance");
            assertThat(o.eventTime()).isEqualTo("2026-10-01T12:00:00.123Z");
            assertThat(o.decidedAt()).isNotNull();
        });
    }

    static String sample(String name) throws Exception {
        return Files.readString(
                Path.of(SequencerGateTest.class.getResource("/samples/" + name).toURI()));
    }
}
