package io.seqgate.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The repartitioned event's encoding: any length, version 1 still read, and today's bytes pinned. */
class ObjectEventSerdeTest {

    // Bytes written by the release before encoding version 2 (commit e30d020: writeUTF strings),
    // captured from its serializer. A repartition topic holds such records when that release is upgraded.
    private static final String EVENT_V1 =
            "010005696e7075740009612f6220632e6a706700114f626a656374437265617465643a50757400010010313841324233"
                    + "433444354536463730380100203564343134303261626334623261373662393731396439313130313763353932000000"
                    + "00000000bc5501000a696d6167652f6a706567000001a0f755f27b00056d696e696f";

    // Bytes of version 2 of PinnedEvents' two events, captured from the serializer of commit 204ad9f.
    private static final String EVENT_V2_FULL =
            "0205696e7075740b612f622063c3a92e6a7067114f626a656374437265617465643a5075740011313841324233433444"
                    + "354536463730382135643431343032616263346232613736623937313964393131303137633539322530663363386135"
                    + "322d366431652d346237612d396331642d326535663661376238633964000000000000bc550b696d6167652f6a706567"
                    + "000001a0f755f27b056d696e696f";

    private static final String EVENT_V2_BARE =
            "0205696e70757405612e6a7067144f626a65637452656d6f7665643a44656c65746501000000ffffffffffffffff0080"
                    + "00000000000000027333";

    /** {@link #EVENT_V2_BARE} with its kind's code as %02x. */
    private static final String EVENT_V2_BARE_OF_KIND =
            "0205696e70757405612e6a7067144f626a65637452656d6f7665643a44656c657465%02x000000ffffffffffffffff0080"
                    + "00000000000000027333";

    /** The code each kind is stored as: part of the encoding, so never renumbered. */
    private static final Map<EventKind, Integer> KIND_CODES =
            Map.of(EventKind.CREATED, 0, EventKind.REMOVED, 1, EventKind.OTHER, 2, EventKind.RECONCILE, 3);

    private static final Serde<ObjectEvent> EVENT = SeqgateSerdes.objectEvent();

    private static ObjectEvent readEvent(byte[] bytes) {
        return EVENT.deserializer().deserialize("rekey-repartition", bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void writesVersion2EventsByteForByteAsBefore() {
        assertThat(hex(EVENT.serializer().serialize("rekey-repartition", PinnedEvents.FULL)))
                .isEqualTo(EVENT_V2_FULL);
        assertThat(hex(EVENT.serializer().serialize("rekey-repartition", PinnedEvents.BARE)))
                .isEqualTo(EVENT_V2_BARE);
    }

    @Test
    void readsVersion2EventsAsTheyWereWritten() {
        assertThat(readEvent(HexFormat.of().parseHex(EVENT_V2_FULL))).isEqualTo(PinnedEvents.FULL);
        assertThat(readEvent(HexFormat.of().parseHex(EVENT_V2_BARE))).isEqualTo(PinnedEvents.BARE);
    }

    @Test
    void writesAndReadsEveryKindAsItsOwnCode() {
        assertThat(KIND_CODES.keySet()).containsExactlyInAnyOrder(EventKind.values());
        KIND_CODES.forEach((kind, code) -> {
            ObjectEvent event = new ObjectEvent(
                    "input", "a.jpg", "ObjectRemoved:Delete", kind, null, null, null, null, null, null, "s3");
            String stored = EVENT_V2_BARE_OF_KIND.formatted(code);

            assertThat(hex(EVENT.serializer().serialize("rekey-repartition", event)))
                    .as("%s", kind)
                    .isEqualTo(stored);
            assertThat(readEvent(HexFormat.of().parseHex(stored)))
                    .as("code %d", code)
                    .isEqualTo(event);
        });
    }

    @Test
    void refusesAKindCodeNoKindHas() {
        assertThatThrownBy(() -> readEvent(HexFormat.of().parseHex(EVENT_V2_BARE_OF_KIND.formatted(9))))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown event kind code 9");
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
    void roundTripsEventWithoutOptionalFields() {
        ObjectEvent event = new ObjectEvent(
                "input", "a.jpg", "ObjectRemoved:Delete", EventKind.REMOVED, null, null, null, null, null, null, "s3");

        assertThat(readEvent(EVENT.serializer().serialize("rekey-repartition", event)))
                .isEqualTo(event);
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
}
