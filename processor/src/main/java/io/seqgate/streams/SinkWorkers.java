package io.seqgate.streams;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
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
 */
public final class SinkWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWorkers.class);

    private final Executor executor;
    private final int maxPending;
    // Fair, so that under backpressure the stream thread that has waited longest gets the next place.
    private final Semaphore places;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * @param executor   runs the jobs; closed with this when it is an {@link ExecutorService}
     * @param maxPending how many events may be held at once (see the class comment)
     */
    public SinkWorkers(Executor executor, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        this.executor = executor;
        this.maxPending = maxPending;
        this.places = new Semaphore(maxPending, true);
    }

    /** A pool of {@code concurrency} daemon threads named {@code seqgate-sink-N}. */
    public static SinkWorkers start(int concurrency, int maxPending) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "seqgate-sink-" + count.incrementAndGet());
            // A sink call stuck past the close timeout must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
        // The queue needs no bound of its own: the places above bound what can be in it.
        return new SinkWorkers(
                new ThreadPoolExecutor(
                        concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads),
                maxPending);
    }

    /** Jobs in the pool: waiting for a worker, or running. */
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

    /** Takes a place for one more event, waiting up to {@code wait} for one to come free. */
    boolean reserve(Duration wait) throws InterruptedException {
        return places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
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
}
