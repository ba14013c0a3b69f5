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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous sink of the coordination-off baseline in the production topology, on a real pool
 * of workers: every event goes to the workers at once, with no order per object.
 */
class UnorderedSinkTest {

    private static final String V1 = "18A2B3C4D5E6F701";
    private static final String V2 = "18A2B3C4D5E6F702";

    @TempDir
    Path stateDir;

    private final HeldSink sink = new HeldSink();
    private SinkWorkers workers;
    private GateDriver gate;

    @BeforeEach
    void start() {
        workers = SinkWorkers.start(4, 64);
        gate = new GateDriver(stateDir, Map.of("COORDINATION", "off"), sink, workers);
    }

    @AfterEach
    void stop() {
        sink.releaseAll();
        gate.close();
        workers.close();
    }

    @Test
    void runsTwoEventsOfOneObjectAtOnceAndRecordsTheOutcomeOfEach() {
        sink.holdAll();
        gate.send("input/a.jpg", minio("input", "a.jpg", "ObjectCreated:Put", V1));
        gate.send("input/a.jpg", minio("input", "a.jpg", "ObjectCreated:Put", V2));

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.started(V1) && sink.started(V2));
        assertThat(sink.mostRunningForOneObject())
                .as("jobs of the object running at once")
                .isEqualTo(2);

        sink.holdNone();
        List<Outcome> outcomes = gate.awaitOutcomes(2);
        assertThat(outcomes).extracting(Outcome::decision).containsOnly(Decision.DONE);
        assertThat(outcomes).extracting(Outcome::sequencer).containsExactlyInAnyOrder(V1, V2);
    }
}
