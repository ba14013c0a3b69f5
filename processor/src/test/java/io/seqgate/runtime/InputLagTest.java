package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InputLagTest {

    @Test
    void lagIsTheRecordsBetweenTheCommittedOffsetAndTheEnd() {
        assertThat(InputLag.behind(Map.of(0, 100L, 1, 40L), Map.of(0, 90L, 1, 40L), Map.of()))
                .isEqualTo(Map.of(0, 10L, 1, 0L));
    }

    @Test
    void aPartitionTheGroupNeverCommittedLagsFromItsStart() {
        assertThat(InputLag.behind(Map.of(0, 100L, 1, 40L), Map.of(0, 90L), Map.of(0, 0L, 1, 25L)))
                .isEqualTo(Map.of(0, 10L, 1, 15L));
    }

    @Test
    void aPartitionWithNeitherACommittedOffsetNorAStartIsLeftOut() {
        assertThat(InputLag.behind(Map.of(0, 100L, 1, 40L), Map.of(0, 90L), Map.of()))
                .isEqualTo(Map.of(0, 10L));
    }

    @Test
    void lagIsNeverNegativeWhenTheEndWasReadBeforeANewerCommit() {
        assertThat(InputLag.behind(Map.of(0, 100L), Map.of(0, 103L), Map.of())).isEqualTo(Map.of(0, 0L));
    }
}
