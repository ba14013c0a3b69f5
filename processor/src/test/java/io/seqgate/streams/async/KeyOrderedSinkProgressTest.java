package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.streams.async.SinkProgress.Stall;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The key-ordered sink reports every call to the workers' {@link SinkProgress}: a stream thread
 * stuck waiting for a place, or failing on one record again and again, shows as a stalled task.
 */
class KeyOrderedSinkProgressTest {

    private static final String OBJECT = "input/a.jpg";
    private static final long TEN_MINUTES = Duration.ofMinutes(10).toMillis();

    private final HeldSink sink = new HeldSink();
    private final SinkWorkers workers = new SinkWorkers(Runnable::run, 1);
    private final SinkTask task = new SinkTask();
    private final KeyOrderedSink processor = new KeyOrderedSink(workers, sink, SeqgateMetrics.none());
    private final TaskId taskId = task.context.taskId();

    private Stall tenMinutesOn() {
        return workers.progress().longest(Set.of(taskId), SinkTask.NOW.toEpochMilli() + TEN_MINUTES);
    }

    @Test
    void aRecordWaitingForAPlaceStallsItsTaskUntilItHasOne() throws InterruptedException {
        processor.init(task.context);
        assertThat(workers.tryReserveForResume())
                .as("the only place, taken elsewhere")
                .isTrue();
        Thread stream = new Thread(() -> processor.process(SinkTask.accepted(OBJECT, "18A2B3C4D5E60001")), "stream");
        stream.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> tenMinutesOn().task() != null);
        assertThat(tenMinutesOn()).isEqualTo(new Stall(taskId, Duration.ofMinutes(10), 0));

        workers.unreserve();
        stream.join(Duration.ofSeconds(30).toMillis());
        assertThat(stream.isAlive()).as("still waiting").isFalse();
        assertThat(tenMinutesOn()).isEqualTo(Stall.NONE);
    }

    @Test
    void aRecordFailingAgainAndAgainStallsItsTaskFromTheFirstFailure() {
        task.failPendingWrites(true);
        for (int attempt = 0; attempt < 2; attempt++) {
            // Streams closes the task whose processor threw, and starts it again (on a new thread).
            processor.init(task.context);
            assertThatThrownBy(() -> processor.process(SinkTask.accepted(OBJECT, "18A2B3C4D5E60001")))
                    .isInstanceOf(TaskMigratedException.class);
            processor.close();
        }

        assertThat(tenMinutesOn()).isEqualTo(new Stall(taskId, Duration.ofMinutes(10), 2));
    }
}
