package io.seqgate.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.streams.ObjectState;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The state store's encoding: any length, every older version still read, and today's bytes pinned
 * (every reason code, every field form), so that moving or rewording code cannot change what a
 * changelog holds or how it reads back.
 */
class ObjectStateSerdeTest {

    // Bytes written by the release before encoding version 2 (commit e30d020: writeUTF strings, no
    // remove flag), captured from its serializers. A changelog or repartition topic holds such records
    // when that release is upgraded.
    private static final String STATE_V1_CREATE =
            "01010010313841324233433444354536463730380100114f626a656374437265617465643a5075740100203564343134"
                    + "3032616263346232613736623937313964393131303137633539320100027631000001a0c4506c7b0601002c77726f74"
                    + "65206f75747075742066726f6d2073657175656e63657220313841324233433444354536463730380000000000000003"
                    + "00000000000000010000000000000002000001a0c4506fe8";

    private static final String STATE_V1_REMOVE =
            "01010010313841324233433444354536463830300100144f626a65637452656d6f7665643a44656c6574650000ffffff"
                    + "ffffffffff010100086163636570746564000000000000000400000000000000000000000000000000000001a0c45073"
                    + "d0";

    private static final String STATE_V1_EVENTBRIDGE_REMOVE =
            "0101001230303631374630383337423344453443344401002e4f626a65637444656c657465643a44656c6574654f626a"
                    + "6563743a44656c6574654d61726b6572437265617465640000ffffffffffffffff010100086163636570746564000000"
                    + "000000000100000000000000000000000000000000000001a0c45077b8";

    // Bytes written by the release before encoding version 3 (commit e1f807d: every field as text or a
    // fixed-width long), captured from its serializer.
    private static final String STATE_V2_DONE =
            "021131384132423343344435453646373038124f626a656374437265617465643a507574213564343134303261626334"
                    + "62326137366239373139643931313031376335393203763100000001a0c4506c7b062d77726f7465206f757470757420"
                    + "66726f6d2073657175656e63657220313841324233433444354536463730380000000000000003000000000000000100"
                    + "00000000000002000001a0c4506fe8";

    private static final String STATE_V2_REMOVE =
            "021131384132423343344435453646383030154f626a65637452656d6f7665643a44656c657465000001ffffffffffff"
                    + "ffff01096163636570746564000000000000000400000000000000000000000000000000000001a0c45073d0";

    /** A version 4 state with an output record, as this release first wrote it. */
    private static final String V4_WITH_OUTPUT =
            "04341218a2b3c4d5e6f708a101205d41402abc4b2a76b9719d911017c592f6b183c59868ca05"
                    + "0602010000a1084142434445462d3209696e766572742f31";

    /** The same with an output made from another version than the state's event (a settle's). */
    private static final String V4_WITH_OUTPUT_OF_ANOTHER_SOURCE =
            "04341218a2b3c4d5e6f708a101205d41402abc4b2a76b9719d911017c592f6b183c59868ca0506020100002f209e107d9d372bb"
                    + "6826bd81d3542a419d6027632084142434445462d3209696e766572742f31";

    // Bytes of version 3, captured from the serializer of commit 204ad9f.
    private static final String V3_SEQUENCER = "18A2B3C4D5E6F708A1";

    /** A version 3 state with one of the coded reasons: %02x is the reason's code. */
    private static final String STATE_V3_WITH_REASON_CODE =
            "03b41218a2b3c4d5e6f708a101205d41402abc4b2a76b9719d911017c592200f3c8a526d1e4b7a9c1d2e5f6a7b8c9df6b1"
                    + "83c59868ca0506%02x010000";

    /** {@link #STATE_V3_WITH_REASON_CODE} with reason code 1 and the decision's code as %02x. */
    private static final String STATE_V3_WITH_DECISION_CODE =
            "03b41218a2b3c4d5e6f708a101205d41402abc4b2a76b9719d911017c592200f3c8a526d1e4b7a9c1d2e5f6a7b8c9df6b1"
                    + "83c59868ca05%02x01010000";

    /** The code each decision is stored as: part of the encoding, so never renumbered. */
    private static final Map<Decision, Integer> DECISION_CODES = Map.of(
            Decision.ACCEPTED, 1,
            Decision.DUPLICATE, 2,
            Decision.STALE, 3,
            Decision.IGNORED, 4,
            Decision.INVALID, 5,
            Decision.DONE, 6,
            Decision.SUPERSEDED, 7,
            Decision.UNSUPPORTED, 8,
            Decision.FAILED, 9,
            Decision.IN_SYNC, 10);

    /**
     * The reasons stored as a code, at their code's position + 1, with the sequencer {@link
     * #STATE_V3_WITH_REASON_CODE} holds. A changelog holds these codes: each must read back as this text.
     */
    private static final List<String> REASON_CODES = List.of(
            "accepted",
            "wrote output from sequencer " + V3_SEQUENCER,
            "output already in place: written from this version at sequencer " + V3_SEQUENCER,
            "deleted output",
            "output already absent",
            "input still exists after this remove: output rewritten from its current version",
            "input still exists after this remove: output already shows its current version",
            "input changed since this event: a newer version exists",
            "input no longer exists",
            "input was removed after this event was read",
            "input changed after this event was read: a newer version is current");

    /**
     * Text that only looks like a compact form: mixed-case hex, an upper-case UUID, an odd digit count, an
     * unknown event name, a reason naming another sequencer than the state's, and an event time before the
     * epoch.
     */
    private static final ObjectState LOOKS_COMPACT = new ObjectState(
            "18a2B3C4D5E6F708",
            "ObjectCreated:PutObject",
            "5D41402ABC4B2A76B9719D911017C592-3",
            "0F3C8A52-6D1E-4B7A-9C1D-2E5F6A7B8C9D",
            false,
            -5L,
            Decision.SUPERSEDED,
            "wrote output from sequencer 18A2B3C4D5E6F709",
            7,
            300,
            70_000,
            0L,
            null);

    /** States in each stored form of version 3 (hex of either case, text, UUID, uncoded names and reasons). */
    private static final List<ObjectState> V3_FORMS = List.of(
            new ObjectState(
                    "18a2b3c4d5e6f70",
                    "ObjectRemoved:DeleteMarkerCreated",
                    "ABC",
                    "null",
                    true,
                    -1,
                    Decision.ACCEPTED,
                    "accepted",
                    2,
                    1,
                    300,
                    1790000000123L,
                    null),
            LOOKS_COMPACT,
            new ObjectState(
                    "18A2B3C4D5E6F708",
                    "LifecycleDelMarkerExpiration:Delete",
                    "5D41402ABC4B2A76B9719D911017C592",
                    null,
                    true,
                    1790000000123L,
                    Decision.FAILED,
                    null,
                    Long.MAX_VALUE,
                    0,
                    1,
                    1790000000100L,
                    null),
            new ObjectState(
                    "18A2B3C4D5E6F708",
                    "ObjectCreated:Put\u00e9",
                    null,
                    null,
                    false,
                    1790000000123L,
                    Decision.UNSUPPORTED,
                    "object is 20 bytes, over the limit of 10 bytes (SEQGATE_MAX_OBJECT_BYTES) \u00e9\uD83D\uDC08",
                    1,
                    0,
                    0,
                    1790000000123L,
                    null));

    /** {@link #V3_FORMS} as version 3 writes them. */
    private static final List<String> V3_FORM_BYTES = List.of(
            "03690f18a2b3c4d5e6f7000603abc0046e756c6c01f8b183c5986801010201ac02",
            "0350113138613242334334443545364637303800184f626a656374437265617465643a5075744f626a6563742235443431"
                    + "343032414243344232413736423937313944393131303137433539322d332430463343384135322d364431452d34423741"
                    + "2d394331442d324535463641374238433944090a07002d77726f7465206f75747075742066726f6d2073657175656e6365"
                    + "72203138413242334334443545364637303907ac02f0a204",
            "03251018a2b3c4d5e6f7080a205d41402abc4b2a76b9719d911017c592f6b183c598682d090000ffffffffffffffff7f0001",
            "03041018a2b3c4d5e6f70800144f626a656374437265617465643a507574c3a9f6b183c59868000800516f626a65637420"
                    + "69732032302062797465732c206f76657220746865206c696d6974206f662031302062797465732028534551474154455f"
                    + "4d41585f4f424a4543545f42595445532920c3a9f09f9088010000");

    /** The DONE state that {@link #STATE_V1_CREATE} and {@link #STATE_V2_DONE} encode. */
    private static final ObjectState OLDER_RELEASE_DONE = new ObjectState(
            "18A2B3C4D5E6F708",
            "ObjectCreated:Put",
            "5d41402abc4b2a76b9719d911017c592",
            "v1",
            false,
            1790000000123L,
            Decision.DONE,
            "wrote output from sequencer 18A2B3C4D5E6F708",
            3,
            1,
            2,
            1790000001000L,
            null);

    /** The accepted remove that {@link #STATE_V1_REMOVE} and {@link #STATE_V2_REMOVE} encode. */
    private static final ObjectState OLDER_RELEASE_REMOVE = new ObjectState(
            "18A2B3C4D5E6F800",
            "ObjectRemoved:Delete",
            null,
            null,
            true,
            -1,
            Decision.ACCEPTED,
            "accepted",
            4,
            0,
            0,
            1790000002000L,
            null);

    private static final Serde<ObjectState> STATE = SeqgateSerdes.objectState();

    private static ObjectState readState(byte[] bytes) {
        return STATE.deserializer().deserialize("object-state-changelog", bytes);
    }

    private static ObjectState writtenAndRead(ObjectState state) {
        return readState(STATE.serializer().serialize("object-state-changelog", state));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static ObjectState withReason(String reason) {
        return withOutcome(Decision.DONE, reason);
    }

    private static ObjectState withOutcome(Decision decision, String reason) {
        return new ObjectState(
                V3_SEQUENCER,
                "ObjectCreated:Put",
                "5d41402abc4b2a76b9719d911017c592",
                "0f3c8a52-6d1e-4b7a-9c1d-2e5f6a7b8c9d",
                false,
                1790000000123L,
                decision,
                reason,
                1,
                0,
                0,
                1790000000480L,
                null);
    }

    @Test
    void readsEveryVersion3ReasonCodeAsTheTextItStoodFor() {
        for (int code = 1; code <= REASON_CODES.size(); code++) {
            byte[] stored = HexFormat.of().parseHex(STATE_V3_WITH_REASON_CODE.formatted(code));

            assertThat(readState(stored)).as("reason code %d", code).isEqualTo(withReason(REASON_CODES.get(code - 1)));
        }
    }

    @Test
    void writesAndReadsEveryDecisionAsItsOwnCode() {
        assertThat(DECISION_CODES.keySet()).containsExactlyInAnyOrder(Decision.values());
        DECISION_CODES.forEach((decision, code) -> {
            ObjectState state = withOutcome(decision, REASON_CODES.get(0));
            String stored = STATE_V3_WITH_DECISION_CODE.formatted(code);

            assertThat(readState(HexFormat.of().parseHex(stored)))
                    .as("code %d", code)
                    .isEqualTo(state);
            assertThat(hex(STATE.serializer().serialize("object-state-changelog", state)))
                    .as("%s", decision)
                    .isEqualTo(asVersion4WithoutOutput(stored));
        });
    }

    @Test
    void refusesADecisionCodeNoDecisionHas() {
        assertThatThrownBy(() -> readState(HexFormat.of().parseHex(STATE_V3_WITH_DECISION_CODE.formatted(11))))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown decision code 11");
    }

    /** Version 4 is version 3 followed by the output record: a state without one adds a zero byte. */
    private static String asVersion4WithoutOutput(String version3) {
        assertThat(version3).startsWith("03");
        return "04" + version3.substring(2) + "00";
    }

    @Test
    void writesEachUsualReasonAsItsVersion3Code() {
        for (int code = 1; code <= REASON_CODES.size(); code++) {
            byte[] written =
                    STATE.serializer().serialize("object-state-changelog", withReason(REASON_CODES.get(code - 1)));

            assertThat(hex(written))
                    .as(REASON_CODES.get(code - 1))
                    .isEqualTo(asVersion4WithoutOutput(STATE_V3_WITH_REASON_CODE.formatted(code)));
        }
    }

    @Test
    void writesEveryVersion3FormByteForByteAsBeforeFollowedByNoOutputRecord() {
        for (int i = 0; i < V3_FORMS.size(); i++) {
            assertThat(hex(STATE.serializer().serialize("object-state-changelog", V3_FORMS.get(i))))
                    .as("form %d", i)
                    .isEqualTo(asVersion4WithoutOutput(V3_FORM_BYTES.get(i)));
        }
    }

    @Test
    void readsEveryVersion3FormAsItWasWritten() {
        for (int i = 0; i < V3_FORMS.size(); i++) {
            assertThat(readState(HexFormat.of().parseHex(V3_FORM_BYTES.get(i))))
                    .as("form %d", i)
                    .isEqualTo(V3_FORMS.get(i));
        }
    }

    @Test
    void roundTripsStateWhoseFieldsAreLongerThan64KiB() {
        ObjectState state = new ObjectState(
                "18A2B3C4D5E6F708",
                "ObjectCreated:" + "P".repeat(70_000),
                "e".repeat(70_000),
                "v".repeat(70_000),
                false,
                1790000000123L,
                Decision.FAILED,
                "S3 said: " + "\u00e9".repeat(40_000),
                3,
                1,
                2,
                1790000001000L,
                null);

        assertThat(writtenAndRead(state)).isEqualTo(state);
    }

    @Test
    void roundTripsStateOfARemoveWithItsRemoveFlag() {
        ObjectState state = new ObjectState(
                "18A2B3C4D5E6F708",
                "ObjectRemoved:DeleteAllVersions",
                null,
                null,
                true,
                -1,
                Decision.ACCEPTED,
                "accepted",
                2,
                0,
                0,
                1790000001000L,
                null);

        assertThat(writtenAndRead(state)).isEqualTo(state);
    }

    @Test
    void readsVersion1StateOfAnOlderRelease() {
        assertThat(readState(HexFormat.of().parseHex(STATE_V1_CREATE))).isEqualTo(OLDER_RELEASE_DONE);
    }

    @Test
    void readsVersion1StateOfARemoveAsRemoved() {
        assertThat(readState(HexFormat.of().parseHex(STATE_V1_REMOVE))).isEqualTo(OLDER_RELEASE_REMOVE);
    }

    @Test
    void readsVersion1StateOfAnEventBridgeDeleteAsRemoved() {
        assertThat(readState(HexFormat.of().parseHex(STATE_V1_EVENTBRIDGE_REMOVE))
                        .removed())
                .isTrue();
    }

    @Test
    void readsVersion2StateOfAnOlderRelease() {
        assertThat(readState(HexFormat.of().parseHex(STATE_V2_DONE))).isEqualTo(OLDER_RELEASE_DONE);
    }

    @Test
    void readsVersion2StateOfARemove() {
        assertThat(readState(HexFormat.of().parseHex(STATE_V2_REMOVE))).isEqualTo(OLDER_RELEASE_REMOVE);
    }

    @Test
    void encodesAVersionedMinioObjectAfterItsOutputWasWrittenInAtMost100BytesWithItsOutputRecord() {
        // As MinIO reports a versioned object and the sink leaves it: 18-digit sequencer, MD5 eTag, UUID version.
        ObjectState state = new ObjectState(
                "18A2B3C4D5E6F708A1",
                "ObjectCreated:Put",
                "5d41402abc4b2a76b9719d911017c592",
                "0f3c8a52-6d1e-4b7a-9c1d-2e5f6a7b8c9d",
                false,
                1790000000123L,
                Decision.DONE,
                "wrote output from sequencer 18A2B3C4D5E6F708A1",
                1,
                0,
                0,
                1790000000480L,
                new OutputRecord(
                        "5d41402abc4b2a76b9719d911017c592",
                        "0f3c8a52-6d1e-4b7a-9c1d-2e5f6a7b8c9d",
                        "9e107d9d372bb6826bd81d3542a419d6",
                        "invert/1"));

        byte[] bytes = STATE.serializer().serialize("object-state-changelog", state);

        assertThat(bytes).hasSizeLessThanOrEqualTo(100);
        assertThat(readState(bytes)).isEqualTo(state);
    }

    @Test
    void writesTheOutputRecordOfVersion4ByteForByte() {
        ObjectState state = new ObjectState(
                "18A2B3C4D5E6F708A1",
                "ObjectCreated:Put",
                "5d41402abc4b2a76b9719d911017c592",
                null,
                false,
                1790000000123L,
                Decision.DONE,
                "wrote output from sequencer 18A2B3C4D5E6F708A1",
                1,
                0,
                0,
                1790000000480L,
                new OutputRecord("5d41402abc4b2a76b9719d911017c592", null, "ABCDEF-2", "invert/1"));

        assertThat(hex(STATE.serializer().serialize("object-state-changelog", state)))
                .as("the output of the state's own event: its source is not stored twice")
                .isEqualTo(V4_WITH_OUTPUT);
        assertThat(readState(HexFormat.of().parseHex(V4_WITH_OUTPUT))).isEqualTo(state);

        ObjectState settled = new ObjectState(
                state.sequencer(),
                state.eventName(),
                state.eTag(),
                state.versionId(),
                false,
                state.eventTimeMs(),
                Decision.DONE,
                state.reason(),
                1,
                0,
                0,
                state.updatedAtMs(),
                new OutputRecord("9e107d9d372bb6826bd81d3542a419d6", "v2", "ABCDEF-2", "invert/1"));
        assertThat(hex(STATE.serializer().serialize("object-state-changelog", settled)))
                .isEqualTo(V4_WITH_OUTPUT_OF_ANOTHER_SOURCE);
        assertThat(readState(HexFormat.of().parseHex(V4_WITH_OUTPUT_OF_ANOTHER_SOURCE)))
                .isEqualTo(settled);
    }

    @Test
    void roundTripsTheStateAReconcileRecordMakesWithoutAnEvent() {
        ObjectState state = ObjectState.settledWithoutEvent(
                Decision.DONE,
                "settled: wrote the output from the input's current version (eTag abc)",
                new OutputRecord("abc", "v1", "def", "invert/1"),
                1790000000480L);

        assertThat(writtenAndRead(state)).isEqualTo(state);
    }

    @Test
    void roundTripsTextThatOnlyLooksLikeACompactForm() {
        assertThat(writtenAndRead(LOOKS_COMPACT)).isEqualTo(LOOKS_COMPACT);
    }

    @Test
    void roundTripsHexOfAnOddDigitCountInEitherCase() {
        ObjectState upper = new ObjectState(
                "18A2B3C4D5E6F70",
                "ObjectRemoved:DeleteMarkerCreated",
                "ABC",
                "null",
                true,
                1790000000123L,
                Decision.ACCEPTED,
                "accepted",
                1,
                0,
                0,
                1790000000123L,
                null);
        ObjectState lower = new ObjectState(
                "18a2b3c4d5e6f70",
                "ObjectCreated:Copy",
                "abc",
                null,
                false,
                1790000000123L,
                Decision.DONE,
                "output already in place: written from this version at " + "sequencer 18a2b3c4d5e6f70",
                2,
                1,
                1,
                1790000000100L,
                null);

        assertThat(writtenAndRead(upper)).isEqualTo(upper);
        assertThat(writtenAndRead(lower)).isEqualTo(lower);
    }

    @Test
    void refusesTruncatedStateWithSerializationException() {
        ObjectState state = new ObjectState(
                "18A2B3C4D5E6F708",
                "ObjectCreated:Put",
                null,
                null,
                false,
                -1,
                Decision.ACCEPTED,
                "accepted",
                1,
                0,
                0,
                1790000001000L,
                null);
        byte[] bytes = STATE.serializer().serialize("object-state-changelog", state);

        assertThatThrownBy(() -> readState(Arrays.copyOf(bytes, 10))).isInstanceOf(SerializationException.class);
    }

    @Test
    void refusesUnknownEncodingVersionNamingTheVersionsItReads() {
        assertThatThrownBy(() -> readState(new byte[] {5, 0}))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown object state encoding version 5 (this release reads versions 1 to 4)");
    }
}
