package io.seqgate.streams.async;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink workers of one instance: a pool that every task of the instance hands its sink jobs to,
 * so that concurrency is the pool's size, not the number of partitions (docs/async-sink.md). The
 * runner creates and closes it; the topology only receives it, so building a topology starts no
 * thread.
 *
 * <p><b>The bound.</b> At most {@code maxPending} accepted events are held at once: in the pool
 * (waiting for a worker, or running) or queued behind a job of the same object. A task that needs a
 * place when none is free waits in {@code process()}, so it takes no more input and the backlog
 * stays in Kafka. A place comes free only when a worker ends a job, or when a task drops an event
 * it queued (coalesced, or cancelled on close) — never through a stream thread's later work — so a
 * waiting stream thread never waits for itself.
 *
 * <p><b>Who gets a freed place.</b> Places are handed out in the order they were asked for, with
 * work resumed from a previous owner's pending-work ahead of every new record: a stream thread
 * waiting for a place to resume work gets the next one freed, whatever number of new records wait.
 * Without that, a steady backlog of new records would take every freed place and an object whose
 * work was resumed, with no newer event, would keep a stale output for as long as the backlog
 * lasts. A waiter keeps its turn while it records results between waits.
 *
 * <p><b>Linger.</b> With a linger, a job for an object that had none waits that long before it goes
 * to a worker ({@link #submitAfterLinger}), so that a newer event for the same object arriving
 * meanwhile replaces it (coalescing) instead of queueing behind it: a quick succession of writes to
 * one object costs one job. A lingering job holds its place and counts as in flight.
 */
public final class SinkWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWorkers.class);

    private final Executor executor;
    private final int maxPending;
    private final Duration linger;
    /** Hands lingering jobs to {@link #executor} once their linger is over; null without a linger. */
    private final ScheduledExecutorService lingering;

    private final Places places;
    private final SinkProgress progress = new SinkProgress();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * @param executor   runs the jobs; closed with this when it is an {@link ExecutorService}
     * @param maxPending how many events may be held at once (see the class comment)
     */
    public SinkWorkers(Executor executor, int maxPending) {
        this(executor, maxPending, Duration.ZERO);
    }

    /**
     * @param executor   runs the jobs; closed with this when it is an {@link ExecutorService}
     * @param maxPending how many events may be held at once (see the class comment)
     * @param linger     how long a job for an object that had none waits before it goes to a worker
     *                   (see the class comment); zero for none
     */
    public SinkWorkers(Executor executor, int maxPending, Duration linger) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, got " + linger);
        }
        this.executor = executor;
        this.maxPending = maxPending;
        this.linger = linger;
        this.places = new Places(maxPending);
        if (linger.isZero()) {
            this.lingering = null;
        } else {
            this.lingering = new ScheduledThreadPoolExecutor(1, daemonThreads("seqgate-sink-linger-"));
        }
    }

    /** A pool of {@code concurrency} daemon threads named {@code seqgate-sink-N}, without a linger. */
    public static SinkWorkers start(int concurrency, int maxPending) {
        return start(concurrency, maxPending, Duration.ZERO);
    }

    /** A pool of {@code concurrency} daemon threads named {@code seqgate-sink-N}. */
    public static SinkWorkers start(int concurrency, int maxPending, Duration linger) {
        // The queue needs no bound of its own: the places above bound what can be in it.
        return new SinkWorkers(
                new ThreadPoolExecutor(
                        concurrency,
                        concurrency,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        daemonThreads("seqgate-sink-")),
                maxPending,
                linger);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            // A sink call stuck past the close timeout must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Jobs in the pool: lingering, waiting for a worker, or running. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Events queued behind a job of the same object, not started. */
    public int queued() {
        return queued.get();
    }

    public int maxPending() {
        return maxPending;
    }

    /** How far the sink of each task of this instance has come (liveness). */
    public SinkProgress progress() {
        return progress;
    }

    /**
     * Takes a place for a new record, waiting in line for as long as it takes; runs {@code meanwhile}
     * after every {@code interval} of waiting, keeping its turn.
     */
    void reserve(Duration interval, Runnable meanwhile) {
        places.take(places.records, interval, meanwhile);
    }

    /** As {@link #reserve(Duration, Runnable)}, for resumed work: ahead of every new record. */
    void reserveForResume(Duration interval, Runnable meanwhile) {
        places.take(places.resumes, interval, meanwhile);
    }

    /** Takes a place for resumed work if one is free now. */
    boolean tryReserveForResume() {
        return places.take(places.resumes, Duration.ZERO, null);
    }

    /** Gives back a place whose event is no longer held. */
    void unreserve() {
        places.release();
    }

    /**
     * Runs {@code job} in the pool; it holds a place already, which {@link #finished()} gives back.
     *
     * @throws RejectedExecutionException when the pool is closed; the place is given back
     */
    void submit(Runnable job) {
        inFlight.incrementAndGet();
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            finished();
            throw e;
        }
    }

    /**
     * Like {@link #submit}, after the linger: {@code job} goes to a worker only then. Should the pool
     * be closed by then, {@code rejected} runs instead and the place is given back.
     *
     * @throws RejectedExecutionException when the pool is closed; the place is given back
     */
    void submitAfterLinger(Runnable job, Runnable rejected) {
        if (lingering == null) {
            submit(job);
            return;
        }
        inFlight.incrementAndGet();
        try {
            // The handover handles its own failure (a closed pool), so its future holds nothing to check.
            var unused = lingering.schedule(
                    () -> {
                        try {
                            executor.execute(job);
                        } catch (RejectedExecutionException e) {
                            finished();
                            rejected.run();
                        }
                    },
                    linger.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            finished();
            throw e;
        }
    }

    /** A job handed to {@link #submit} ended, or was dropped before it started. */
    void finished() {
        inFlight.decrementAndGet();
        places.release();
    }

    /** An event, holding a place, was queued behind a job of its object. */
    void queuedBehind() {
        queued.incrementAndGet();
    }

    /** A queued event left the queue: submitted, or dropped (and then {@link #unreserve}d). */
    void leftQueue() {
        queued.decrementAndGet();
    }

    /** Stops the pool, letting running jobs end within {@code timeout}; after Kafka Streams has closed. */
    public void close(Duration timeout) {
        if (lingering != null) {
            // Streams has closed, and with it every task: a job still lingering would only find its
            // task closed and end unrun (its event stays in the pending-work store), so drop it now.
            lingering.shutdownNow();
        }
        if (!(executor instanceof ExecutorService pool)) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Sink workers still busy after {}; interrupting them", timeout);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * The places: two lines of waiters, one for resumed work and one for new records, each served in
     * order; a new record takes a place only when more are free than resumed work waits for.
     */
    private static final class Places {
        private final Deque<Object> resumes = new ArrayDeque<>();
        private final Deque<Object> records = new ArrayDeque<>();
        private int free;

        Places(int free) {
            this.free = free;
        }

        /**
         * Takes a place in {@code line}'s turn: waits up to {@code wait}, then gives up when
         * {@code meanwhile} is null, or runs it and waits on, keeping the turn. An interrupt does not
         * end the wait (giving up would lose an accepted event the gate has stored); it is handed
         * back once the wait is over.
         */
        boolean take(Deque<Object> line, Duration wait, Runnable meanwhile) {
            Object turn = new Object();
            boolean interrupted = false;
            synchronized (this) {
                line.addLast(turn);
            }
            try {
                while (true) {
                    synchronized (this) {
                        long deadline = System.nanoTime() + wait.toNanos();
                        long left;
                        while (!mayTake(line, turn) && (left = deadline - System.nanoTime()) > 0) {
                            try {
                                TimeUnit.NANOSECONDS.timedWait(this, left);
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                        if (mayTake(line, turn)) {
                            free--;
                            return true;
                        }
                    }
                    if (meanwhile == null) {
                        return false;
                    }
                    meanwhile.run();
                }
            } finally {
                synchronized (this) {
                    line.remove(turn);
                    notifyAll();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private boolean mayTake(Deque<Object> line, Object turn) {
            return line.peekFirst() == turn && free > (line == resumes ? 0 : resumes.size());
        }

        synchronized void release() {
            free++;
            notifyAll();
        }
    }
}
