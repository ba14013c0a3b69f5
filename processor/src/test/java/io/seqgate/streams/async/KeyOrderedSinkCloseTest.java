package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.metrics.SeqgateMetrics;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a task (a rebalance, a shutdown) does not wait for its running jobs: their results could
 * not be recorded anyway, and the task's next owner runs their events again from pending-work, so a
 * wait would only hold the stream thread — and every other task it closes after this one.
 */
class KeyOrderedSinkCloseTest {

    private static final String OBJECT = "input/a.jpg";
    private static final String V1 = "18A2B3C4D5E60001";

    private final HeldSink sink = new HeldSink();
    private final SinkWorkers workers = SinkWorkers.start(1, 4);
    private final SinkTask task = new SinkTask();
    private final KeyOrderedSink processor = new KeyOrderedSink(workers, sink, SeqgateMetrics.none());

    @AfterEach
    void stop() {
        sink.holdNone();
        workers.close();
    }

    /** Whether {@code thread} is parked (waiting, with or without a timeout) inside {@code owner}. */
    private static boolean parkedInside(Thread thread, Class<?> owner) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(f -> f.getClassName().equals(owner.getName()));
    }

    @Test
    void closingATaskLeavesItsRunningJobRunningWithoutWaitingForIt() {
        sink.holdAll();
        processor.init(task.context);
        processor.process(SinkTask.accepted(OBJECT, V1));
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.started(V1));

        Thread closing = new Thread(processor::close, "closing");
        closing.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !closing.isAlive() || parkedInside(closing, TaskJobs.class));

        assertThat(closing.isAlive())
                .as("the closing thread waits for the running job")
                .isFalse();
        assertThat(sink.sequencers()).as("jobs started").containsExactly(V1);
    }
}
