package io.seqgate.streams.async;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How far the asynchronous sink of each task of one instance has come, for liveness
 * (docs/async-sink.md, "Liveness"). A task's sink is <em>stalled</em> when a call of it — a record's
 * {@code process()}, which may wait for a place, or a drain — started longer ago than a bound and has
 * not completed, or when its calls have failed twice or more in a row since the first of them started
 * longer ago than the bound (the stream thread is replaced, the task fails again on the same record).
 * A call that throws does not complete: the clock started by the first unfinished call runs on
 * across the task's close and its start on a new thread, until a call completes.
 *
 * <p>Times are the stream threads' wall-clock times ({@code ProcessorContext.currentSystemTimeMs}).
 * Safe to use from every stream thread and from the thread that asks.
 */
public final class SinkProgress {

    /** The first call of a task since its last completed one. */
    private record Unfinished(long sinceMs, boolean inCall, int failures) {}

    private final Map<TaskId, Unfinished> tasks = new ConcurrentHashMap<>();

    void callStarted(TaskId task, long nowMs) {
        tasks.compute(
                task,
                (t, u) -> u == null ? new Unfinished(nowMs, true, 0) : new Unfinished(u.sinceMs, true, u.failures));
    }

    void callCompleted(TaskId task) {
        tasks.remove(task);
    }

    void callFailed(TaskId task) {
        tasks.computeIfPresent(task, (t, u) -> new Unfinished(u.sinceMs, false, u.failures + 1));
    }

    /**
     * The task's sink closed: a clean close (revoked, or shut down) ends its clock; a close after a
     * failed call (Kafka Streams closes a task whose processor threw) keeps it running.
     */
    void taskClosed(TaskId task) {
        tasks.computeIfPresent(task, (t, u) -> u.failures > 0 ? u : null);
    }

    /**
     * The longest any of {@code assigned} has been stalled at {@code nowMs} in the sense of the class
     * comment, the bound aside: how long since its first unfinished call started, counting tasks in
     * a call and tasks whose calls failed at least twice; zero when there is none. Tasks no longer
     * assigned to this instance are left out (after a failure the task may have moved elsewhere).
     */
    public Stall longest(Set<TaskId> assigned, long nowMs) {
        Stall longest = Stall.NONE;
        for (Map.Entry<TaskId, Unfinished> entry : tasks.entrySet()) {
            Unfinished u = entry.getValue();
            if (assigned.contains(entry.getKey()) && (u.inCall || u.failures >= 2)) {
                Duration stalled = Duration.ofMillis(Math.max(0, nowMs - u.sinceMs));
                if (stalled.compareTo(longest.duration()) > 0) {
                    longest = new Stall(entry.getKey(), stalled, u.failures);
                }
            }
        }
        return longest;
    }

    /**
     * @param task     the task, null for none
     * @param duration since its first unfinished call started
     * @param failures how many of its calls failed since
     */
    public record Stall(TaskId task, Duration duration, int failures) {
        public static final Stall NONE = new Stall(null, Duration.ZERO, 0);
    }
}
