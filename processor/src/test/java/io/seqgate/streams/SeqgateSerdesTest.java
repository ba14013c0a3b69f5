package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The binary encodings of the state store and the repartition topic: any length, and old bytes still read. */
class SeqgateSerdesTest {

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
    private static final String EVENT_V1 =
            "010005696e7075740009612f6220632e6a706700114f626a656374437265617465643a50757400010010313841324233"
                    + "433444354536463730380100203564343134303261626334623261373662393731396439313130313763353932000000"
                    + "00000000bc5501000a696d6167652f6a706567000001a0f755f27b00056d696e696f";

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
            1790000001000L);

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
            1790000002000L);

    private static final Serde<ObjectState> STATE = SeqgateSerdes.objectState();
    private static final Serde<ObjectEvent> EVENT = SeqgateSerdes.objectEvent();

    private static ObjectState readState(byte[] bytes) {
        return STATE.deserializer().deserialize("object-state-changelog", bytes);
    }

    private static ObjectEvent readEvent(byte[] bytes) {
        return EVENT.deserializer().deserialize("rekey-repartition", bytes);
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
                1790000001000L);

        assertThat(readState(STATE.serializer().serialize("object-state-changelog", state)))
                .isEqualTo(state);
    }

    @Test
    void roundTripsEventWhoseFieldsAreLongerThan64KiB() {
        ObjectEvent event = new ObjectEvent(
                "b".repeat(70_000),
                "k\u00e9y/\uD83D\uDC08".repeat(20_000),
                "ObjectCreated:Put",
                EventKind.CREATED,
                "18A2B3C4D5E6F708",
                "e".repeat(70_000),
                "v".repeat(70_000),
                48213L,
                "c".repeat(70_000),
                Instant.parse("2026-10-01T12:00:00.123Z"),
                "minio");

        assertThat(readEvent(EVENT.serializer().serialize("rekey-repartition", event)))
                .isEqualTo(event);
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
                1790000001000L);

        assertThat(readState(STATE.serializer().serialize("object-state-changelog", state)))
                .isEqualTo(state);
    }

    @Test
    void roundTripsEventWithoutOptionalFields() {
        ObjectEvent event = new ObjectEvent(
                "input", "a.jpg", "ObjectRemoved:Delete", EventKind.REMOVED, null, null, null, null, null, null, "s3");

        assertThat(readEvent(EVENT.serializer().serialize("rekey-repartition", event)))
                .isEqualTo(event);
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
    void encodesAVersionedMinioObjectAfterItsOutputWasWrittenInAtMost60Bytes() {
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
                1790000000480L);

        byte[] bytes = STATE.serializer().serialize("object-state-changelog", state);

        assertThat(bytes).hasSizeLessThanOrEqualTo(60);
        assertThat(readState(bytes)).isEqualTo(state);
    }

    @Test
    void roundTripsTextThatOnlyLooksLikeACompactForm() {
        // Mixed-case hex, an upper-case UUID, an odd digit count, an unknown event name, a reason naming
        // another sequencer than the state's, and an event time before the epoch all stay exactly as given.
        ObjectState state = new ObjectState(
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
                0L);

        assertThat(readState(STATE.serializer().serialize("object-state-changelog", state)))
                .isEqualTo(state);
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
                1790000000123L);
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
                1790000000100L);

        assertThat(readState(STATE.serializer().serialize("object-state-changelog", upper)))
                .isEqualTo(upper);
        assertThat(readState(STATE.serializer().serialize("object-state-changelog", lower)))
                .isEqualTo(lower);
    }

    @Test
    void readsVersion1EventOfAnOlderRelease() {
        assertThat(readEvent(HexFormat.of().parseHex(EVENT_V1)))
                .isEqualTo(new ObjectEvent(
                        "input",
                        "a/b c.jpg",
                        "ObjectCreated:Put",
                        EventKind.CREATED,
                        "18A2B3C4D5E6F708",
                        "5d41402abc4b2a76b9719d911017c592",
                        null,
                        48213L,
                        "image/jpeg",
                        Instant.parse("2026-10-01T12:00:00.123Z"),
                        "minio"));
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
                1790000001000L);
        byte[] bytes = STATE.serializer().serialize("object-state-changelog", state);

        assertThatThrownBy(() -> readState(Arrays.copyOf(bytes, 10))).isInstanceOf(SerializationException.class);
    }

    @Test
    void refusesUnknownEncodingVersionNamingTheVersionsItReads() {
        assertThatThrownBy(() -> readState(new byte[] {4, 0}))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown object state encoding version 4 (this release reads versions 1 to 3)");
    }
}
