package io.seqgate.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerClockTest {

    @Test
    void changesInTheSameClockTickGetStrictlyIncreasingValues() {
        SequencerClock clock =
                new SequencerClock(Clock.fixed(Instant.parse("2026-10-01T12:00:00.123Z"), ZoneOffset.UTC));

        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(clock.nextNanos());
        }

        assertThat(values).isSorted().doesNotHaveDuplicates();
        assertThat(values.get(0))
                .isEqualTo(Instant.parse("2026-10-01T12:00:00.123Z").toEpochMilli() * 1_000_000L);
    }

    @Test
    void sequencerIsSixteenUpperCaseHexDigitsLikeMinio() {
        assertThat(SequencerClock.toSequencer(0x18a2b3c4d5e6f709L)).isEqualTo("18A2B3C4D5E6F709");
    }
}
