package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PendingWorkSerdeTest {

    private static final String TOPIC = "app-pending-work-changelog";
    private static final Serde<PendingWork> SERDE = PendingWorkSerde.serde();

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
        PendingWork work =
                PendingWork.of(job("0055AED6DCD90281E5", new RecordOrigin("seqgate-rekey-repartition", 0, 7)));
        assertThat(roundTrip(work)).isEqualTo(work);
    }

    @Test
    void refusesAnEncodingVersionItDoesNotKnow() {
        byte[] bytes = SERDE.serializer().serialize(TOPIC, PendingWork.of(job("0055AED6DCD90281E5", null)));
        bytes[0] = 2;
        assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown pending work encoding version 2 (this release reads version 1)");
    }
}
