package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.seqgate.event.ReconcileRecords;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's rule for reconcile records, which carry no sequencer: they always go on to the sink, under
 * the newest sequencer the gate holds, and change nothing the gate remembers (sink disabled).
 */
class ReconcileGateTest {

    private static final String PUT = "ObjectCreated:Put";
    private static final String DELETE = "ObjectRemoved:Delete";
    private static final String OLD = "18A2B3C4D5E6F708";
    private static final String NEW = "18A2B3C4D5E6F709";

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

    private void live(String eventName, String sequencer) {
        gate.send("input/a.jpg", minio("input", "a.jpg", eventName, sequencer));
    }

    private void reconcile(Cause cause) {
        gate.input.pipeInput(
                "input/a.jpg".getBytes(StandardCharsets.UTF_8),
                ReconcileRecords.message("input", "a.jpg", cause, "etag-1", null, 10L, Instant.EPOCH));
    }

    @Test
    void acceptsReconcileOfAnObjectWithoutStateUnderNoSequencer() {
        reconcile(Cause.OUTPUT_MISSING);
        List<Outcome> outcomes = gate.outcomes();
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.ACCEPTED);
            assertThat(o.sequencer()).isNull();
            assertThat(o.event()).isEqualTo("Reconcile:OutputMissing");
        });
        assertThat(gate.store().get("input/a.jpg"))
                .as("a reconcile record creates no state")
                .isNull();
    }

    @Test
    void acceptsReconcileUnderTheNewestSequencerSeen() {
        live(PUT, NEW);
        reconcile(Cause.OUTPUT_STALE);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision, Outcome::sequencer)
                .containsExactly(tuple(Decision.ACCEPTED, NEW), tuple(Decision.ACCEPTED, NEW));
    }

    @Test
    void reconcileLeavesTheObjectStateAsItWas() {
        live(PUT, NEW);
        ObjectState before = gate.store().get("input/a.jpg");
        reconcile(Cause.OUTPUT_MISSING);
        assertThat(gate.store().get("input/a.jpg")).isEqualTo(before);
    }

    @Test
    void reconcileDoesNotLetAnOlderEventThrough() {
        live(PUT, NEW);
        reconcile(Cause.OUTPUT_MISSING);
        live(PUT, OLD);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision)
                .containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.STALE);
    }

    @Test
    void reconcileDoesNotMakeTheNextEventOfTheSameSequencerNew() {
        live(PUT, NEW);
        reconcile(Cause.OUTPUT_MISSING);
        live(PUT, NEW);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision)
                .containsExactly(Decision.ACCEPTED, Decision.ACCEPTED, Decision.DUPLICATE);
    }

    @Test
    void liveEventAfterReconcileOfAnUnknownObjectIsItsFirst() {
        reconcile(Cause.OUTPUT_MISSING);
        live(PUT, OLD);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision, Outcome::reason)
                .last()
                .isEqualTo(tuple(Decision.ACCEPTED, "first event seen for this object"));
    }

    @Test
    void reconcileAfterARemoveKeepsTheRemoveWinningItsSequencer() {
        live(PUT, OLD);
        live(DELETE, NEW);
        reconcile(Cause.OUTPUT_ORPHANED);
        live(PUT, NEW);
        assertThat(gate.outcomes())
                .extracting(Outcome::decision, Outcome::sequencer)
                .containsExactly(
                        tuple(Decision.ACCEPTED, OLD),
                        tuple(Decision.ACCEPTED, NEW),
                        tuple(Decision.ACCEPTED, NEW),
                        tuple(Decision.STALE, NEW));
    }

    @Test
    void reconcileOutsideTheInputLocationsIsIgnored() {
        gate.close();
        gate = new GateDriver(stateDir.resolve("inputs"), java.util.Map.of("SEQGATE_INPUT_LOCATIONS", "other"), null);
        reconcile(Cause.OUTPUT_MISSING);
        assertThat(gate.outcomes()).extracting(Outcome::decision).containsExactly(Decision.IGNORED);
    }
}
