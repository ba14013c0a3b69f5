package io.seqgate.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.PendingWork;
import io.seqgate.streams.RecordOrigin;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PendingWorkSerdeTest {

    private static final String TOPIC = "app-pending-work-changelog";
    private static final Serde<PendingWork> SERDE = SeqgateSerdes.pendingWork();

    private static PendingJob job(String sequencer, RecordOrigin origin) {
        ObjectEvent event = new ObjectEvent(
                "photos",
                "a/cat 1.jpg",
                "ObjectCreated:Put",
                EventKind.CREATED,
                sequencer,
                "9b2cf535f27731c974343645a3985328",
                "v-" + sequencer,
                123L,
                "image/jpeg",
                Instant.parse("2026-10-01T12:00:00.123Z"),
                "minio");
        return new PendingJob(event, 1_790_000_000_000L, 1_790_000_000_100L, origin);
    }

    /** Captured from the serializer of commit 204ad9f: a job in flight with its origin, one queued without. */
    private static final String WORK_V1 =
            "01000001a0c4506c00000001a0c4506c6401000973332d6576656e747300000003000000000000002a0000009e0205696e"
                    + "7075740b612f622063c3a92e6a7067114f626a656374437265617465643a50757400113138413242334334443545364637"
                    + "30382135643431343032616263346232613736623937313964393131303137633539322530663363386135322d36643165"
                    + "2d346237612d396331642d326535663661376238633964000000000000bc550b696d6167652f6a706567000001a0f755f2"
                    + "7b056d696e696f01000001a0c4506cc8000001a0c4506d2c000000003a0205696e70757405612e6a7067144f626a656374"
                    + "52656d6f7665643a44656c65746501000000ffffffffffffffff008000000000000000027333";

    private static final PendingWork WORK = new PendingWork(
            new PendingJob(
                    PinnedEvents.FULL, 1_790_000_000_000L, 1_790_000_000_100L, new RecordOrigin("s3-events", 3, 42)),
            new PendingJob(PinnedEvents.BARE, 1_790_000_000_200L, 1_790_000_000_300L, null));

    private static PendingWork inFlightOnly(PendingJob job) {
        return new PendingWork(job, null);
    }

    private static PendingWork roundTrip(PendingWork work) {
        return SERDE.deserializer().deserialize(TOPIC, SERDE.serializer().serialize(TOPIC, work));
    }

    @Test
    void readsBackTheJobInFlightAndTheQueuedOne() {
        PendingWork work = new PendingWork(
                job("0055AED6DCD90281E5", new RecordOrigin("s3-events", 3, 42)), job("0055AED6DCD90281E6", null));
        assertThat(roundTrip(work)).isEqualTo(work);
    }

    @Test
    void readsBackAJobInFlightAlone() {
        PendingWork work = inFlightOnly(job("0055AED6DCD90281E5", new RecordOrigin("seqgate-rekey-repartition", 0, 7)));
        assertThat(roundTrip(work)).isEqualTo(work);
    }

    @Test
    void writesVersion1ByteForByteAsBefore() {
        assertThat(HexFormat.of().formatHex(SERDE.serializer().serialize(TOPIC, WORK)))
                .isEqualTo(WORK_V1);
    }

    @Test
    void readsVersion1AsItWasWritten() {
        assertThat(SERDE.deserializer().deserialize(TOPIC, HexFormat.of().parseHex(WORK_V1)))
                .isEqualTo(WORK);
    }

    @Test
    void refusesAnEncodingVersionItDoesNotKnow() {
        byte[] bytes = SERDE.serializer().serialize(TOPIC, inFlightOnly(job("0055AED6DCD90281E5", null)));
        bytes[0] = 2;
        assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown pending work encoding version 2 (this release reads version 1)");
    }
}
