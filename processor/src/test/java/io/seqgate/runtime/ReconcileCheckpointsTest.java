package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the periodic reconciler keeps of a pass, read back as it was written. */
class ReconcileCheckpointsTest {

    @Test
    void readsBackAPassUnderWayWithItsFinishedUnitsAndProgress() {
        ReconcileCheckpoints.Pass pass = new ReconcileCheckpoints.Pass(
                Instant.parse("2026-12-07T10:00:00Z"),
                null,
                Set.of("input/a/|direct", "input/b/"),
                Map.of("input/c/", "c/0042.png"));

        assertThat(ReconcileCheckpoints.decode(ReconcileCheckpoints.encode(pass)))
                .isEqualTo(pass);
    }

    @Test
    void readsBackACompletedPass() {
        ReconcileCheckpoints.Pass pass = new ReconcileCheckpoints.Pass(
                Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:05:00Z"), Set.of(), Map.of());

        assertThat(ReconcileCheckpoints.decode(ReconcileCheckpoints.encode(pass)))
                .isEqualTo(pass);
    }

    @Test
    void anUnreadableCheckpointStartsThePassOver() {
        ReconcileCheckpoints.Pass pass = ReconcileCheckpoints.decode("not json".getBytes(StandardCharsets.UTF_8));

        assertThat(pass.completed()).isNull();
        assertThat(pass.done()).isEmpty();
        assertThat(pass.progress()).isEmpty();
    }
}
