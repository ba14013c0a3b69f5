package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.ReconcileRecords;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.async.HeldSink;
import io.seqgate.streams.async.PendingEvents;
import io.seqgate.streams.async.SinkWorkers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous sink in the production topology, on a real pool of workers, with a sink whose
 * calls the tests hold and release: per-object order, coalescing, one outcome per accepted event,
 * pending work, and resuming what a previous owner of the task left.
 */
class KeyOrderedSinkTest {

    private static final String OBJECT = "input/a.jpg";

    @TempDir
    Path stateDir;

    private final HeldSink sink = new HeldSink();
    private SinkWorkers workers;
    private GateDriver gate;

    private void start(int concurrency, int maxPending) {
        workers = SinkWorkers.start(concurrency, maxPending);
        gate = new GateDriver(stateDir, Map.of(), sink, workers);
    }

    @AfterEach
    void stop() {
        sink.releaseAll();
        gate.close();
        workers.close();
    }

    private void put(String key, String sequencer) {
        gate.send("input/" + key, minio("input", key, "ObjectCreated:Put", sequencer));
    }

    private static String version(int n) {
        return String.format("18A2B3C4D5E6%04X", n);
    }

    private static Outcome outcomeOf(List<Outcome> outcomes, String sequencer) {
        return outcomes.stream()
                .filter(o -> o.sequencer().equals(sequencer))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void runsOneObjectsEventsOneAtATimeInSequencerOrder() {
        start(8, 64);
        int versions = 200;
        for (int v = 1; v <= versions; v++) {
            put("a.jpg", version(v));
        }
        List<Outcome> outcomes = gate.awaitOutcomes(versions);

        List<String> ran = sink.sequencers(OBJECT);
        assertThat(ran)
                .as("sequencers the sink ran")
                .isSortedAccordingTo(String::compareTo)
                .doesNotHaveDuplicates()
                .endsWith(version(versions));
        assertThat(sink.mostRunningForOneObject())
                .as("jobs of the object running at once")
                .isEqualTo(1);
        assertThat(outcomes.stream()
                        .filter(o -> o.decision() == Decision.DONE)
                        .map(Outcome::sequencer)
                        .toList())
                .as("outcomes of the jobs that ran, in the order they were recorded")
                .isEqualTo(ran);
    }

    @Test
    void lateResultOfACreateLeavesTheOutcomeOfTheRemoveAcceptedAtItsSequencer() throws InterruptedException {
        // MinIO's lifecycle DeleteAllVersions carries the sequencer of the last Put, and the gate accepts
        // it: the create's result, recorded after that, is no longer the object's newest outcome.
        CountDownLatch createStarted = new CountDownLatch(1);
        CountDownLatch createGoesOn = new CountDownLatch(1);
        CountDownLatch removeGoesOn = new CountDownLatch(1);
        ObjectSink byKind = event -> {
            if (event.kind() != EventKind.REMOVED) {
                createStarted.countDown();
            }
            try {
                (event.kind() == EventKind.REMOVED ? removeGoesOn : createGoesOn).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return SinkResult.done("done " + event.kind(), null, null);
        };
        workers = SinkWorkers.start(4, 64);
        gate = new GateDriver(stateDir, Map.of(), byKind, workers);
        try {
            put("a.jpg", version(1));
            // The create must be running when the remove arrives: a create still waiting for a worker
            // would be coalesced into the remove instead, which is another rule (tested below).
            await().until(() -> createStarted.getCount() == 0);
            gate.send(OBJECT, minio("input", "a.jpg", "ObjectRemoved:DeleteAllVersions", version(1)));
            createGoesOn.countDown();
            List<Outcome> outcomes = gate.awaitOutcomes(1);

            assertThat(outcomes)
                    .singleElement()
                    .satisfies(o -> assertThat(o.reason()).isEqualTo("done CREATED"));
            ObjectState state = gate.store().get(OBJECT);
            assertThat(state.removed()).as("newest event is the remove").isTrue();
            assertThat(state.outcome())
                    .as("object's outcome while the remove runs")
                    .isEqualTo(Decision.ACCEPTED);
        } finally {
            createGoesOn.countDown();
            removeGoesOn.countDown();
        }
    }

    @Test
    void coalescingRunsFewerTransformsThanAcceptedEvents() {
        start(4, 64);
        sink.hold(version(1));
        put("a.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        for (int v = 2; v <= 5; v++) {
            put("a.jpg", version(v));
        }
        sink.release(version(1));
        gate.awaitOutcomes(5);

        assertThat(sink.sequencers()).containsExactly(version(1), version(5));
    }

    @Test
    void coalescesAnEventStillWaitingForAWorker() {
        start(1, 64);
        sink.hold(version(1));
        put("busy.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        put("a.jpg", version(2));
        put("a.jpg", version(3));
        sink.release(version(1));
        List<Outcome> outcomes = gate.awaitOutcomes(3);

        assertThat(sink.sequencers()).containsExactly(version(1), version(3));
        assertThat(outcomeOf(outcomes, version(2))).satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.SUPERSEDED);
            assertThat(o.reason()).startsWith("coalesced into " + version(3));
        });
    }

    private void reconcile(String key) {
        gate.input.pipeInput(
                ("input/" + key).getBytes(StandardCharsets.UTF_8),
                ReconcileRecords.message("input", key, Cause.OUTPUT_STALE, "etag", null, 1L, Instant.EPOCH));
    }

    @Test
    void aReconcileRecordWaitingForAWorkerTakesInANewerLiveEvent() {
        start(1, 64);
        sink.hold(version(1));
        put("busy.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        put("a.jpg", version(2));
        reconcile("a.jpg");
        put("a.jpg", version(3));
        sink.release(version(1));
        List<Outcome> outcomes = gate.awaitOutcomes(4);

        assertThat(sink.calls())
                .as("calls of the sink")
                .extracting(ObjectEvent::eventName, ObjectEvent::sequencer)
                .containsExactly(
                        tuple("ObjectCreated:Put", version(1)), tuple(Cause.OUTPUT_STALE.eventName(), version(3)));
        assertThat(outcomes)
                .filteredOn(o -> o.key().equals("a.jpg"))
                .extracting(Outcome::event, Outcome::sequencer, Outcome::decision)
                .containsExactlyInAnyOrder(
                        tuple("ObjectCreated:Put", version(2), Decision.SUPERSEDED),
                        tuple("ObjectCreated:Put", version(3), Decision.SUPERSEDED),
                        tuple(Cause.OUTPUT_STALE.eventName(), version(3), Decision.DONE));
        assertThat(outcomeOf(outcomes, version(2)).reason()).startsWith("coalesced into " + version(2));
        assertThat(outcomes)
                .filteredOn(o ->
                        o.event().equals("ObjectCreated:Put") && o.sequencer().equals(version(3)))
                .singleElement()
                .satisfies(o -> assertThat(o.reason()).startsWith("coalesced into a reconcile of this object"));
    }

    @Test
    void aReconcileRecordQueuedBehindARunningJobTakesInANewerLiveEvent() {
        start(4, 64);
        sink.hold(version(1));
        put("a.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        reconcile("a.jpg");
        put("a.jpg", version(2));
        sink.release(version(1));
        gate.awaitOutcomes(3);

        assertThat(sink.calls())
                .extracting(ObjectEvent::eventName, ObjectEvent::sequencer)
                .containsExactly(
                        tuple("ObjectCreated:Put", version(1)), tuple(Cause.OUTPUT_STALE.eventName(), version(2)));
        assertThat(gate.pending().get(OBJECT))
                .as("pending work once every outcome is recorded")
                .isNull();
    }

    @Test
    void lingerCoalescesAQuickSuccessionOfWritesWhileWorkersAreFree() {
        // Without a linger the first event would go to a free worker at once and the last queue
        // behind it (two jobs); the linger is far longer than sending three records takes.
        workers = SinkWorkers.start(4, 64, Duration.ofSeconds(3));
        gate = new GateDriver(stateDir, Map.of(), sink, workers);
        for (int v = 1; v <= 3; v++) {
            put("a.jpg", version(v));
        }
        List<Outcome> outcomes = gate.awaitOutcomes(3);

        assertThat(sink.sequencers()).as("jobs the sink ran").containsExactly(version(3));
        assertThat(outcomeOf(outcomes, version(1)).reason()).startsWith("coalesced into " + version(2));
        assertThat(outcomeOf(outcomes, version(2)).reason()).startsWith("coalesced into " + version(3));
        assertThat(outcomeOf(outcomes, version(3)).decision()).isEqualTo(Decision.DONE);
        assertThat(gate.pending().get(OBJECT))
                .as("pending work once all are recorded")
                .isNull();
    }

    @Test
    void coalescedEventEndsSupersededNamingTheEventItWasCoalescedInto() {
        start(4, 64);
        sink.hold(version(1));
        put("a.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        for (int v = 2; v <= 4; v++) {
            put("a.jpg", version(v));
        }
        sink.release(version(1));
        List<Outcome> outcomes = gate.awaitOutcomes(4);

        assertThat(outcomeOf(outcomes, version(2))).satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.SUPERSEDED);
            assertThat(o.reason()).startsWith("coalesced into " + version(3));
        });
        assertThat(outcomeOf(outcomes, version(3)).reason()).startsWith("coalesced into " + version(4));
        assertThat(outcomeOf(outcomes, version(4)).decision()).isEqualTo(Decision.DONE);
    }

    @Test
    void everyAcceptedEventGetsExactlyOneOutcome() {
        start(8, 32);
        Random random = new Random(42);
        List<String[]> deliveries = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            for (int v = 1; v <= 10; v++) {
                int copies = 1 + random.nextInt(2);
                for (int c = 0; c < copies; c++) {
                    deliveries.add(new String[] {"obj" + k + ".jpg", version(v)});
                }
            }
        }
        Collections.shuffle(deliveries, random);
        deliveries.forEach(d -> put(d[0], d[1]));
        List<Outcome> outcomes = gate.awaitOutcomes(deliveries.size());

        assertThat(outcomes).as("one outcome per delivered message").hasSize(deliveries.size());
        Set<Decision> terminal = Set.of(Decision.DONE, Decision.SUPERSEDED, Decision.UNSUPPORTED, Decision.FAILED);
        Map<String, List<Decision>> byEvent = outcomes.stream()
                .collect(Collectors.groupingBy(
                        o -> o.key() + "@" + o.sequencer(),
                        Collectors.mapping(Outcome::decision, Collectors.toList())));
        assertThat(byEvent)
                .allSatisfy((event, decisions) -> assertThat(decisions)
                        .as("decisions for %s", event)
                        .doesNotContain(Decision.ACCEPTED)
                        .filteredOn(terminal::contains)
                        .hasSizeLessThanOrEqualTo(1));
        long accepted = 0;
        for (int k = 0; k < 20; k++) {
            ObjectState state = gate.store().get("input/obj" + k + ".jpg");
            accepted += state.accepted();
            assertThat(state.outcome()).as("outcome of obj%d's newest event", k).isEqualTo(Decision.DONE);
        }
        assertThat(outcomes.stream()
                        .filter(o -> terminal.contains(o.decision()))
                        .count())
                .as("terminal outcomes, against the events the gate accepted")
                .isEqualTo(accepted);
        try (KeyValueIterator<String, PendingWork> left = gate.pending().all()) {
            assertThat(left.hasNext()).as("pending entries left").isFalse();
        }
    }

    @Test
    void keepsTheEventInFlightAndTheOneQueuedBehindItInPendingWork() {
        start(4, 64);
        sink.hold(version(1));
        put("a.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        put("a.jpg", version(2));

        PendingWork work = gate.pending().get(OBJECT);
        assertThat(work.inFlight().sequencer()).isEqualTo(version(1));
        assertThat(work.queued().sequencer()).isEqualTo(version(2));
    }

    @Test
    void removesThePendingEntryWhenItsLastOutcomeIsRecorded() {
        start(4, 64);
        sink.hold(version(1));
        put("a.jpg", version(1));
        await().until(() -> sink.started(version(1)));
        put("a.jpg", version(2));
        sink.release(version(1));
        gate.awaitOutcomes(2);

        assertThat(gate.pending().get(OBJECT)).isNull();
    }

    @Test
    void slowObjectDoesNotHoldBackOtherObjectsOfItsTask() {
        start(4, 64);
        sink.hold(version(1));
        put("slow.jpg", version(1));
        put("b.jpg", version(2));
        put("c.jpg", version(3));

        List<Outcome> outcomes = gate.awaitOutcomes(2);
        assertThat(outcomes).extracting(Outcome::key).containsExactlyInAnyOrder("b.jpg", "c.jpg");
        assertThat(outcomes).extracting(Outcome::decision).containsOnly(Decision.DONE);
        assertThat(sink.started(version(1)))
                .as("the slow object's job is still running")
                .isTrue();
        assertThat(gate.pending().get("input/slow.jpg")).isNotNull();
    }

    @Test
    void runsAgainAJobLeftInPendingWorkByThePreviousOwner() {
        start(4, 64);
        leftByPreviousOwner(OBJECT, version(7), null);

        List<Outcome> outcomes = gate.awaitOutcomes(1);

        assertThat(sink.sequencers()).containsExactly(version(7));
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.sequencer()).isEqualTo(version(7));
            assertThat(o.decision()).isEqualTo(Decision.DONE);
        });
        assertThat(gate.store().get(OBJECT).outcome()).isEqualTo(Decision.DONE);
        assertThat(gate.pending().get(OBJECT)).isNull();
    }

    @Test
    void endsTheInterruptedJobSupersededAndRunsTheQueuedOneWhenResuming() {
        start(4, 64);
        leftByPreviousOwner(OBJECT, version(7), version(8));

        List<Outcome> outcomes = gate.awaitOutcomes(2);

        assertThat(sink.sequencers()).containsExactly(version(8));
        assertThat(outcomeOf(outcomes, version(7))).satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.SUPERSEDED);
            assertThat(o.reason()).startsWith("interrupted, coalesced into " + version(8));
        });
        assertThat(outcomeOf(outcomes, version(8)).decision()).isEqualTo(Decision.DONE);
    }

    @Test
    void newEventOvertakesWorkLeftByThePreviousOwnerThatHasNotResumed() {
        start(4, 64);
        leftByPreviousOwner(OBJECT, version(7), null);

        // The task's first record, before any drain: work left for its own object is not resumed first.
        put("a.jpg", version(9));
        List<Outcome> outcomes = gate.awaitOutcomes(2);

        assertThat(sink.sequencers()).containsExactly(version(9));
        assertThat(outcomeOf(outcomes, version(7))).satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.SUPERSEDED);
            assertThat(o.reason()).startsWith("interrupted, coalesced into " + version(9));
        });
        assertThat(outcomeOf(outcomes, version(9)).decision()).isEqualTo(Decision.DONE);
    }

    @Test
    void resumedWorkRunsAheadOfABacklogOfNewRecords() throws InterruptedException {
        // One place, and every job held until it has started: the intake thread waits for a place
        // before each record, as a stream thread does under a steady backlog.
        start(1, 1);
        sink.holdAll();
        leftByPreviousOwner("input/left.jpg", version(1), null);
        int backlog = 4;
        Thread intake = new Thread(
                () -> {
                    for (int n = 1; n <= backlog; n++) {
                        put("new" + n + ".jpg", version(10 + n));
                    }
                },
                "intake");
        intake.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            sink.releaseAll();
            return !intake.isAlive();
        });
        intake.join();
        sink.holdNone();
        List<Outcome> outcomes = gate.awaitOutcomes(backlog + 1);

        assertThat(sink.sequencers())
                .as("jobs in the order they started")
                .first()
                .isEqualTo(version(1));
        assertThat(outcomeOf(outcomes, version(1)).decision()).isEqualTo(Decision.DONE);
    }

    @Test
    void anExceptionInTheKeyOrderedSinkStopsItsTaskInsteadOfDeadLetteringTheAcceptedEvent() {
        // A pool that refuses every job: handing the accepted event over throws inside the sink processor.
        workers = new SinkWorkers(
                job -> {
                    throw new RejectedExecutionException("pool closed (test)");
                },
                4);
        gate = new GateDriver(stateDir, Map.of(), sink, workers);

        assertThatThrownBy(() -> put("a.jpg", version(1))).isInstanceOf(StreamsException.class);
        assertThat(gate.deadLetters()).as("dead letters").isEmpty();
    }

    /**
     * What a task's stores hold when a previous owner accepted events and stopped before recording
     * their outcomes: the gate's state for the newest, and the pending entry. A TopologyTestDriver
     * starts with empty stores (and deletes them on close), so the test writes them before the first
     * record or punctuation; a real restart is in the devstack's crash test.
     */
    private void leftByPreviousOwner(String objectKey, String inFlight, String queued) {
        long accepted = Instant.parse("2026-10-01T12:00:01Z").toEpochMilli();
        PendingWork work = PendingEvents.leftByPreviousOwner(objectKey, inFlight, queued, accepted);
        PendingJob newest = work.queued() == null ? work.inFlight() : work.queued();
        gate.store().put(objectKey, ObjectState.firstAccepted(newest.event(), null, accepted));
        gate.pending().put(objectKey, work);
    }
}
