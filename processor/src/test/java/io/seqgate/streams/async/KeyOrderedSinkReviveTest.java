package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams closes a task and initialises the same processor instances again when it revives it
 * (a corrupted task under exactly-once); the processor must work as new then.
 */
class KeyOrderedSinkReviveTest {

    @Test
    void runsJobsAgainAfterItsTaskIsClosedAndInitialisedAgain() {
        HeldSink sink = new HeldSink();
        KeyOrderedSink processor =
                new KeyOrderedSink(new SinkWorkers(Runnable::run, 1_000), sink, SeqgateMetrics.none());
        SinkTask task = new SinkTask();

        processor.init(task.context);
        processor.process(SinkTask.accepted("input/a.jpg", "18A2B3C4D5E60001"));
        processor.close();
        processor.init(task.context);
        processor.process(SinkTask.accepted("input/a.jpg", "18A2B3C4D5E60002"));

        assertThat(sink.sequencers()).containsExactly("18A2B3C4D5E60001", "18A2B3C4D5E60002");
        assertThat(task.context.forwarded())
                .extracting(f -> f.record().value().decision())
                .containsExactly(Decision.DONE, Decision.DONE);
    }
}
