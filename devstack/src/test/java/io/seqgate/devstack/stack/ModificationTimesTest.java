package io.seqgate.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.devstack.stack.ObjectChange.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MinIO's sequencer rule per kind of event, as the notifier stamps it. */
class ModificationTimesTest {

    /** A clock that stands still: every stamp is then the previous one + 1, so times are easy to tell apart. */
    private final ModificationTimes times = new ModificationTimes(
            new SequencerClock(Clock.fixed(Instant.parse("2026-10-01T12:00:00Z"), ZoneOffset.UTC)));

    @Test
    void taggingOfAnOldVersionCarriesThatVersionsModificationTime() {
        long v1 = times.stamp(change(Operation.PUT, "v1")).sequencerNanos();
        times.stamp(change(Operation.PUT, "v2"));

        ModificationTimes.Stamp tagging = times.stamp(change(Operation.PUT_TAGGING, "v1"));

        assertThat(tagging.sequencerNanos()).isEqualTo(v1);
        assertThat(tagging.eventTimeNanos()).isGreaterThan(v1);
    }

    @Test
    void deleteTaggingCarriesTheVersionsModificationTime() {
        long v1 = times.stamp(change(Operation.PUT, "v1")).sequencerNanos();

        assertThat(times.stamp(change(Operation.DELETE_TAGGING, "v1")).sequencerNanos())
                .isEqualTo(v1);
    }

    @Test
    void retentionOfAnOldVersionCarriesASequencerNewerThanEveryVersion() {
        times.stamp(change(Operation.PUT, "v1"));
        long v2 = times.stamp(change(Operation.PUT, "v2")).sequencerNanos();

        ModificationTimes.Stamp retention = times.stamp(change(Operation.PUT_RETENTION, "v1"));

        assertThat(retention.sequencerNanos()).isGreaterThan(v2).isEqualTo(retention.eventTimeNanos());
    }

    @Test
    void legalHoldCarriesTheEventTimeAsItsSequencer() {
        long v1 = times.stamp(change(Operation.PUT, "v1")).sequencerNanos();

        ModificationTimes.Stamp legalHold = times.stamp(change(Operation.PUT_LEGAL_HOLD, "v1"));

        assertThat(legalHold.sequencerNanos()).isGreaterThan(v1).isEqualTo(legalHold.eventTimeNanos());
    }

    @Test
    void expiryOfAllVersionsCarriesTheSequencerOfTheLastCreate() {
        times.stamp(change(Operation.PUT, "v1"));
        long v2 = times.stamp(change(Operation.PUT, "v2")).sequencerNanos();

        assertThat(times.stamp(change(Operation.LIFECYCLE_DELETE_ALL_VERSIONS, "v2"))
                        .sequencerNanos())
                .isEqualTo(v2);
    }

    @Test
    void deleteOfOneVersionCarriesTheTimeOfTheDeleteNotTheVersions() {
        times.stamp(change(Operation.PUT, "v1"));
        long v2 = times.stamp(change(Operation.PUT, "v2")).sequencerNanos();

        ModificationTimes.Stamp delete = times.stamp(change(Operation.DELETE, "v2"));

        assertThat(delete.sequencerNanos()).isGreaterThan(v2).isEqualTo(delete.eventTimeNanos());
    }

    @Test
    void noOpCarriesTheEventTimeAsItsSequencer() {
        long put = times.stamp(change(Operation.PUT, null)).sequencerNanos();

        ModificationTimes.Stamp noOp = times.stamp(change(Operation.NO_OP, null));

        assertThat(noOp.sequencerNanos()).isGreaterThan(put).isEqualTo(noOp.eventTimeNanos());
    }

    @Test
    void deletingADeletedKeyAgainRepeatsTheMarkersSequencer() {
        times.stamp(change(Operation.PUT, "v1"));
        long marker = times.stamp(change(Operation.DELETE_MARKER_CREATED, "m1")).sequencerNanos();

        assertThat(times.stamp(change(Operation.DELETE_MARKER_EXISTING, "m1")).sequencerNanos())
                .isEqualTo(marker);
    }

    @Test
    void overwriteInAnUnversionedBucketGivesTaggingTheNewModificationTime() {
        times.stamp(change(Operation.PUT, null));
        long second = times.stamp(change(Operation.PUT, null)).sequencerNanos();

        assertThat(times.stamp(change(Operation.PUT_TAGGING, null)).sequencerNanos())
                .isEqualTo(second);
    }

    @Test
    void taggingOfAVersionWrittenBeforeTheNotifierRanCarriesTheEventTime() {
        ModificationTimes.Stamp tagging = times.stamp(change(Operation.PUT_TAGGING, "unknown"));

        assertThat(tagging.sequencerNanos()).isEqualTo(tagging.eventTimeNanos());
    }

    @Test
    void anObjectRecreatedAfterItsExpiryHasOnlyItsNewModificationTime() {
        times.stamp(change(Operation.PUT, "v1"));
        times.stamp(change(Operation.LIFECYCLE_DELETE_ALL_VERSIONS, "v1"));

        ModificationTimes.Stamp tagging = times.stamp(change(Operation.PUT_TAGGING, "v1"));

        assertThat(tagging.sequencerNanos()).as("v1 is forgotten").isEqualTo(tagging.eventTimeNanos());
    }

    private static ObjectChange change(Operation operation, String versionId) {
        return new ObjectChange("input", "a.jpg", operation, null, null, null, Map.of(), versionId);
    }
}
