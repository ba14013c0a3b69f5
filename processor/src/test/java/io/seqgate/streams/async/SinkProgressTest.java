package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.streams.async.SinkProgress.Stall;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** What counts as a stalled task of the asynchronous sink (docs/async-sink.md, "Liveness"). */
class SinkProgressTest {

    private static final TaskId TASK = new TaskId(1, 0);
    private static final Set<TaskId> ASSIGNED = Set.of(TASK);
    private static final long T0 = 1_000_000;
    private static final long MINUTE = 60_000;

    private final SinkProgress progress = new SinkProgress();

    private Stall at(long nowMs) {
        return progress.longest(ASSIGNED, nowMs);
    }

    @Test
    void aCallInProgressCountsFromItsStart() {
        progress.callStarted(TASK, T0);

        assertThat(at(T0 + 7 * MINUTE)).isEqualTo(new Stall(TASK, Duration.ofMinutes(7), 0));
    }

    @Test
    void aCompletedCallEndsTheStall() {
        progress.callStarted(TASK, T0);
        progress.callCompleted(TASK);

        assertThat(at(T0 + 7 * MINUTE)).isEqualTo(Stall.NONE);
    }

    @Test
    void callsFailingAgainAndAgainCountFromTheFirstAcrossTheTasksCloses() {
        for (int attempt = 0; attempt < 2; attempt++) {
            progress.callStarted(TASK, T0 + attempt * MINUTE);
            progress.callFailed(TASK);
            progress.taskClosed(TASK);
        }

        assertThat(at(T0 + 7 * MINUTE)).isEqualTo(new Stall(TASK, Duration.ofMinutes(7), 2));
    }

    @Test
    void aSingleFailedCallDoesNotCountWhileTheTaskRestores() {
        progress.callStarted(TASK, T0);
        progress.callFailed(TASK);
        progress.taskClosed(TASK);

        assertThat(at(T0 + 7 * MINUTE)).isEqualTo(Stall.NONE);
        progress.callStarted(TASK, T0 + 8 * MINUTE);
        assertThat(at(T0 + 9 * MINUTE).duration())
                .as("a call after the failure, counted from the failed one")
                .isEqualTo(Duration.ofMinutes(9));
    }

    @Test
    void aCleanCloseEndsTheStall() {
        progress.callStarted(TASK, T0);
        progress.callCompleted(TASK);
        progress.callStarted(TASK, T0 + MINUTE);
        progress.callCompleted(TASK);
        progress.taskClosed(TASK);

        assertThat(at(T0 + 7 * MINUTE)).isEqualTo(Stall.NONE);
    }

    @Test
    void aTaskNoLongerAssignedHereIsLeftOut() {
        progress.callStarted(TASK, T0);

        assertThat(progress.longest(Set.of(new TaskId(1, 1)), T0 + 7 * MINUTE)).isEqualTo(Stall.NONE);
    }

    @Test
    void theLongestStallOfSeveralTasksIsReported() {
        TaskId other = new TaskId(1, 1);
        progress.callStarted(TASK, T0 + MINUTE);
        progress.callStarted(other, T0);

        assertThat(progress.longest(Set.of(TASK, other), T0 + 7 * MINUTE).task())
                .isEqualTo(other);
    }
}
