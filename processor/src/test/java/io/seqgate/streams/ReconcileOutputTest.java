package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SinkExecution;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the topology drives the sink and records what became of each accepted event, with the sink on
 * the stream thread and on workers (here ones that run each job at once, so both decide alike).
 */
class ReconcileOutputTest {

    @TempDir
    Path stateDir;

    private final ScriptedSink sink = new ScriptedSink();
    private GateDriver gate;

    @AfterEach
    void stop() {
        gate.close();
    }

    private void start(SinkExecution.Mode mode, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("SEQGATE_SINK_MODE", mode.name().toLowerCase(Locale.ROOT));
        gate = new GateDriver(stateDir, env, sink);
    }

    private void put(String sequencer) {
        gate.send("input/a.jpg", minio("input", "a.jpg", "ObjectCreated:Put", sequencer));
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void handsOnlyAcceptedEventsToTheSink(SinkExecution.Mode mode) {
        start(mode, Map.of());
        put("18A2B3C4D5E6F709");
        put("18A2B3C4D5E6F709");
        put("18A2B3C4D5E6F708");
        assertThat(sink.seen).extracting(ObjectEvent::sequencer).containsExactly("18A2B3C4D5E6F709");
        assertThat(gate.outcomes())
                .extracting(Outcome::decision)
                .containsExactly(Decision.DONE, Decision.DUPLICATE, Decision.STALE);
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void recordsTheSinkOutcomeInTheStore(SinkExecution.Mode mode) {
        start(mode, Map.of());
        sink.next(SinkResult.superseded("input changed"));
        put("18A2B3C4D5E6F709");
        assertThat(gate.store().get("input/a.jpg").outcome()).isEqualTo(Decision.SUPERSEDED);
        assertThat(gate.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.SUPERSEDED);
            assertThat(o.completedAt()).isNotNull();
        });
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void copiesFailedEventToDeadLettersAsReplayableNotification(SinkExecution.Mode mode) {
        start(mode, Map.of());
        sink.next(SinkResult.failed("S3 said AccessDenied"));
        put("18A2B3C4D5E6F709");
        List<TestRecord<byte[], byte[]>> dead = gate.deadLetters();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("input/a.jpg");
            assertThat(r.headers().lastHeader(DeadLetters.KIND).value())
                    .asString()
                    .isEqualTo(DeadLetterKinds.SINK_FAILED);
            assertThat(r.headers().lastHeader(DeadLetters.REASON).value())
                    .asString()
                    .isEqualTo("S3 said AccessDenied");
            assertThat(r.headers().lastHeader(DeadLetters.ORIGIN).value())
                    .asString()
                    .isEqualTo(gate.config.topics().input() + "-0@0");
        });
        gate.input.pipeInput(dead.get(0).key(), dead.get(0).value());
        assertThat(sink.seen).hasSize(2);
        assertThat(gate.outcomes()).extracting(Outcome::decision).containsExactly(Decision.FAILED, Decision.DONE);
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void replaysAFailedEventBridgeDeleteAsARemove(SinkExecution.Mode mode) throws Exception {
        start(mode, Map.of());
        sink.next(SinkResult.failed("S3 said AccessDenied"));
        gate.send(null, SequencerGateTest.sample("eventbridge-object-deleted.json"));
        TestRecord<byte[], byte[]> dead = gate.deadLetters().get(0);

        gate.input.pipeInput(dead.key(), dead.value());

        assertThat(sink.seen).hasSize(2);
        assertThat(sink.seen.get(1).kind()).isEqualTo(io.seqgate.event.EventKind.REMOVED);
        assertThat(gate.outcomes()).extracting(Outcome::decision).containsExactly(Decision.FAILED, Decision.DONE);
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void dropsRedeliveryOfEventThatSucceeded(SinkExecution.Mode mode) {
        start(mode, Map.of());
        put("18A2B3C4D5E6F709");
        put("18A2B3C4D5E6F709");
        assertThat(sink.seen).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void keepsTheStreamGoingWhenTheSinkThrows(SinkExecution.Mode mode) {
        start(mode, Map.of());
        sink.throwNext = true;
        put("18A2B3C4D5E6F708");
        put("18A2B3C4D5E6F709");
        assertThat(gate.outcomes()).extracting(Outcome::decision).containsExactly(Decision.FAILED, Decision.DONE);
    }

    @ParameterizedTest
    @EnumSource(SinkExecution.Mode.class)
    void handsEveryEventToTheSinkInArrivalOrderWhenCoordinationIsOff(SinkExecution.Mode mode) {
        start(mode, Map.of("COORDINATION", "off"));
        put("18A2B3C4D5E6F709");
        put("18A2B3C4D5E6F709");
        put("18A2B3C4D5E6F708");
        assertThat(sink.seen)
                .extracting(ObjectEvent::sequencer)
                .containsExactly("18A2B3C4D5E6F709", "18A2B3C4D5E6F709", "18A2B3C4D5E6F708");
    }

    /** Returns scripted results (DONE by default) and records the events it was given. */
    private static final class ScriptedSink implements ObjectSink {
        final List<ObjectEvent> seen = new ArrayList<>();
        final Deque<SinkResult> script = new ArrayDeque<>();
        boolean throwNext;

        void next(SinkResult result) {
            script.add(result);
        }

        @Override
        public SinkResult apply(ObjectEvent event) {
            seen.add(event);
            if (throwNext) {
                throwNext = false;
                throw new IllegalStateException("boom");
            }
            SinkResult r = script.poll();
            return r != null ? r : SinkResult.done("written", "out/" + event.key(), "etag");
        }
    }
}
