package io.seqgate.streams.async;

import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.PendingJob;
import java.time.Duration;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink jobs of one task on the instance's {@link SinkWorkers}: hands them to the workers, takes
 * their results back to the stream thread, and stops them when the task closes (docs/async-sink.md).
 * The stream thread records results; workers only run the sink and queue what it returned, so no
 * Kafka or store call happens off the stream thread and no S3 call inside a transaction.
 */
public final class TaskJobs {

    private static final Logger LOG = LoggerFactory.getLogger(TaskJobs.class);

    /**
     * How often the stream thread takes finished jobs' results: the period of the processors'
     * wall-clock punctuator, and of the look a thread waiting for a place takes at them.
     */
    public static final Duration DRAIN_INTERVAL = Duration.ofMillis(10);

    /** A job that ended, waiting for the stream thread to record its result. */
    record Finished(Lane lane, PendingJob job, SinkResult result, long finishedAtMs) {}

    /**
     * The jobs of one object: at most one in the pool, and at most one queued behind it. Guarded by
     * its own monitor, which the stream thread and the workers share.
     */
    static final class Lane {
        final String key;
        /** In the pool: lingering, waiting for a worker, or running; null when none. */
        PendingJob running;
        /** Whether a worker has taken {@link #running}; until then a newer event may replace it. */
        boolean started;
        /** Queued behind {@link #running} once that has started; null when none. */
        PendingJob next;
        /** Jobs that ended and whose results the stream thread has not recorded yet. */
        int unrecorded;

        Lane(String key) {
            this.key = key;
        }
    }

    private final SinkWorkers workers;
    private final ObjectSink sink;
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    /**
     * Places this task's stream thread took and has not handed on yet — to the pool, or to a queued
     * event — nor given back; stream thread only. Should anything throw between taking a place and
     * handing it on, the place is counted here, and {@link #close} gives it back.
     */
    private int held;

    private volatile boolean closed;

    TaskJobs(SinkWorkers workers, ObjectSink sink) {
        this.workers = workers;
        this.sink = sink;
    }

    /**
     * Takes a place for one more event, waiting for one when the instance holds as many as it may:
     * this is the backpressure. While it waits it keeps recording results ({@code drain}), so outcomes
     * flow and the task's own queued events start; a place comes free when any worker ends a job.
     * Resumed work waiting for a place goes first ({@link SinkWorkers}).
     */
    void reserve(Runnable drain) {
        workers.reserve(DRAIN_INTERVAL, drain);
        held++;
    }

    /** As {@link #reserve}, for work resumed from a previous owner: ahead of every new record. */
    void reserveForResume(Runnable drain) {
        workers.reserveForResume(DRAIN_INTERVAL, drain);
        held++;
    }

    /** Takes a place for work resumed from a previous owner if one is free now. */
    boolean tryReserveForResume() {
        if (!workers.tryReserveForResume()) {
            return false;
        }
        held++;
        return true;
    }

    /** Gives back a place this task took whose event is no longer held (it was coalesced). */
    void unreserve() {
        held--;
        workers.unreserve();
    }

    /** An event holding a place was queued behind a job of its object; a worker hands it on. */
    void queuedBehind() {
        held--;
        workers.queuedBehind();
    }

    /** Hands {@code lane.running}, set by the caller and holding a place, to a worker. */
    void start(Lane lane) {
        held--;
        submit(lane);
    }

    private void submit(Lane lane) {
        workers.submit(() -> run(lane));
    }

    /**
     * Hands {@code lane.running}, set by the caller, to a worker after the workers' linger, so that a
     * newer event for the object arriving meanwhile replaces it: for an object that had no job.
     */
    void startAfterLinger(Lane lane) {
        held--;
        workers.submitAfterLinger(() -> run(lane), () -> {
            // The pool closed while the job lingered, so did the task: the event stays in pending-work.
            synchronized (lane) {
                lane.running = null;
            }
        });
    }

    /** The next result to record, or null. */
    Finished nextFinished() {
        return finished.poll();
    }

    /**
     * Stops the task's jobs: queued events are dropped, jobs still lingering or waiting for a worker
     * will not start, and every place the task's stream thread holds is given back. Running jobs are
     * not waited for: their results could not be recorded (a closing processor cannot write to Kafka),
     * and the task's next owner runs their events again from the changelogged pending-work store
     * whether or not they end first, so a wait would buy nothing but hold the stream thread, and every
     * other task it closes after this one. A job that outlives the close is harmless: the sink reads
     * the input pinned to its event and writes the output by compare-and-swap (docs/async-sink.md).
     */
    void close(Collection<Lane> lanes) {
        closed = true;
        for (Lane lane : lanes) {
            synchronized (lane) {
                if (lane.next != null) {
                    lane.next = null;
                    workers.leftQueue();
                    workers.unreserve();
                }
            }
        }
        for (; held > 0; held--) {
            workers.unreserve();
        }
        finished.clear();
    }

    private void run(Lane lane) {
        PendingJob job;
        synchronized (lane) {
            if (closed) {
                lane.running = null;
                workers.finished();
                return;
            }
            job = lane.running;
            lane.started = true;
        }
        SinkResult result = apply(job.event());
        boolean chained;
        synchronized (lane) {
            if (!closed) {
                finished.add(new Finished(lane, job, result, System.currentTimeMillis()));
                lane.unrecorded++;
            }
            workers.finished();
            // The queued event starts as soon as its predecessor ends, without waiting for the
            // stream thread: a place is then only ever held by work that workers finish on their own.
            // (When closed, close() drops the queued event and gives its place back.)
            chained = lane.next != null && !closed;
            lane.running = chained ? lane.next : null;
            lane.started = false;
            if (chained) {
                lane.next = null;
                workers.leftQueue();
            }
        }
        if (chained) {
            try {
                submit(lane);
            } catch (RejectedExecutionException e) {
                // The pool is closing, so is the task: the event stays in pending-work.
                synchronized (lane) {
                    lane.running = null;
                }
            }
        }
    }

    private SinkResult apply(ObjectEvent event) {
        try {
            return sink.apply(event);
        } catch (RuntimeException | Error e) {
            // The sink contract is to return FAILED rather than throw. A worker has no one to hand an
            // Error to either: the job would vanish and hold its object's lane until a restart, so it
            // ends FAILED, with a replayable copy on the dead-letter topic.
            LOG.error("Sink threw for {}; recorded as FAILED", LogSafe.of(event.objectKey()), e);
            return SinkResult.failed("sink error: " + e);
        }
    }
}
