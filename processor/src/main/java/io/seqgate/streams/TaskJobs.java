package io.seqgate.streams;

import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
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

    /**
     * How long a closing task lets its running jobs finish. Their results are dropped either way (a
     * closing processor may not forward); waiting only spares the task's next owner a second run of
     * a job that was about to end.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

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
    private final Object runningLock = new Object();
    private int running;
    private volatile boolean closed;

    TaskJobs(SinkWorkers workers, ObjectSink sink) {
        this.workers = workers;
        this.sink = sink;
    }

    /**
     * Takes a place for one more event, waiting for one when the instance holds as many as it may:
     * this is the backpressure. While it waits it keeps recording results ({@code drain}), so outcomes
     * flow and the task's own queued events start; a place comes free when any worker ends a job.
     */
    void reserve(Runnable drain) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (workers.reserve(DRAIN_INTERVAL)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    // Giving up would lose an accepted event (the gate has stored it): wait on,
                    // and hand the interrupt back once a place is taken.
                    interrupted = true;
                }
                drain.run();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes a place if one is free now. */
    boolean tryReserve() {
        try {
            return workers.reserve(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives back a place whose event is no longer held (it was coalesced). */
    void unreserve() {
        workers.unreserve();
    }

    /** An event holding a place was queued behind a job of its object. */
    void queuedBehind() {
        workers.queuedBehind();
    }

    /** Hands {@code lane.running}, set by the caller, to a worker. */
    void start(Lane lane) {
        workers.submit(() -> run(lane));
    }

    /**
     * Hands {@code lane.running}, set by the caller, to a worker after the workers' linger, so that a
     * newer event for the object arriving meanwhile replaces it: for an object that had no job.
     */
    void startAfterLinger(Lane lane) {
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
     * Stops the task's jobs: queued events are dropped, jobs still waiting for a worker will not
     * start, running ones get {@link #CLOSE_WAIT} to end. All their results are dropped: the events
     * stay in the changelogged pending-work store, and the task's next owner runs them again. A job
     * that outlives this is harmless, because the sink reads the input pinned to its event and writes
     * the output by compare-and-swap (docs/async-sink.md, "Late jobs").
     */
    void close(Collection<Lane> lanes, Duration wait) {
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
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (runningLock) {
            try {
                while (running > 0 && System.nanoTime() < deadline) {
                    runningLock.wait(Math.max(
                            1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running > 0) {
                LOG.info("{} sink jobs still running after {}; the task's next owner runs them again", running, wait);
            }
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
            synchronized (runningLock) {
                running++;
            }
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
        synchronized (runningLock) {
            running--;
            runningLock.notifyAll();
        }
        if (chained) {
            try {
                start(lane);
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
