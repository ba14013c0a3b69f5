package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.async.HeldSink;
import io.seqgate.streams.async.SinkWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous sink with one worker, a bound of three pending events and jobs that run until the
 * test releases them: the stream thread stops taking input while the bound is reached (one event
 * running, two waiting for the worker), holds no more than the bound, and drops nothing.
 */
class SinkBackpressureTest {

    private static final int BOUND = 3;
    /** Objects of their own, so that none is coalesced. */
    private static final List<String[]> EVENTS = List.of(
            new String[] {"a.jpg", "18A2B3C4D5E60001"}, new String[] {"b.jpg", "18A2B3C4D5E60002"},
            new String[] {"c.jpg", "18A2B3C4D5E60003"}, new String[] {"d.jpg", "18A2B3C4D5E60004"},
            new String[] {"e.jpg", "18A2B3C4D5E60005"}, new String[] {"f.jpg", "18A2B3C4D5E60006"});

    @TempDir
    Path stateDir;
    /**
     * Time for the intake thread to fill the bound: it starts the topology's tasks and stores first,
     * which took over Awaitility's default 10 s once on a machine at load average 50.
     */
    private static final Duration FILL_LIMIT = Duration.ofSeconds(60);

    private final AtomicInteger mostHeld = new AtomicInteger();
    private SinkWorkers workers;
    private HeldSink sink;
    private GateDriver gate;
    private final AtomicInteger piped = new AtomicInteger();
    private Thread intake;

    @BeforeEach
    void start() {
        workers = SinkWorkers.start(1, BOUND);
        sink = new HeldSink(this::sampleHeld);
        sink.holdAll();
        gate = new GateDriver(stateDir, Map.of(), sink, workers);
        // The stream thread: it blocks in pipeInput while the bound is reached.
        intake = new Thread(
                () -> {
                    for (String[] event : EVENTS) {
                        gate.send("input/" + event[0], minio("input", event[0], "ObjectCreated:Put", event[1]));
                        piped.incrementAndGet();
                    }
                },
                "intake");
        intake.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        sink.holdNone();
        intake.join(Duration.ofSeconds(30).toMillis());
        gate.close();
        workers.close();
    }

    private void sampleHeld() {
        mostHeld.accumulateAndGet(workers.inFlight() + workers.queued(), Math::max);
    }

    /**
     * Releases the held jobs as they start until the intake thread has handed over every event, then
     * lets the rest run unheld.
     */
    private void releaseUntilAllTakenIn() throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sampleHeld();
            sink.releaseAll();
            return !intake.isAlive();
        });
        intake.join();
        sink.holdNone();
    }

    @Test
    void intakeWaitsWhileTheBoundIsReached() throws InterruptedException {
        await().atMost(FILL_LIMIT).until(() -> sink.started("18A2B3C4D5E60001") && piped.get() == BOUND);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> piped.get() == BOUND);
        assertThat(sink.sequencers()).as("jobs started").containsExactly("18A2B3C4D5E60001");

        releaseUntilAllTakenIn();
        assertThat(piped.get()).isEqualTo(EVENTS.size());
    }

    @Test
    void neverHoldsMoreEventsThanTheBound() throws InterruptedException {
        await().atMost(FILL_LIMIT).until(() -> workers.inFlight() + workers.queued() == BOUND);
        releaseUntilAllTakenIn();
        gate.awaitOutcomes(EVENTS.size());

        assertThat(mostHeld.get())
                .as("most events in the pool or queued at once")
                .isLessThanOrEqualTo(BOUND);
    }

    @Test
    void endsEveryEventOnceThePoolDrains() throws InterruptedException {
        releaseUntilAllTakenIn();
        List<Outcome> outcomes = gate.awaitOutcomes(EVENTS.size());

        assertThat(outcomes)
                .extracting(Outcome::sequencer)
                .containsExactlyInAnyOrderElementsOf(
                        EVENTS.stream().map(e -> e[1]).toList());
        assertThat(outcomes).extracting(Outcome::decision).containsOnly(Decision.DONE);
        assertThat(sink.sequencers()).hasSize(EVENTS.size());
    }
}
