package io.seqgate.sink;

import io.seqgate.metrics.SeqgateMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The sink's memory budget (docs/sizing.md): how many bytes the jobs of one instance may hold at once —
 * an input, what the transform decodes of it, the output. A job claims its share before it reads the
 * input's body ({@link InputReader}) and gives it back when it ends; a job whose share does not fit waits
 * for it instead of running out of heap.
 *
 * <ul>
 *   <li><b>In order.</b> Claims are granted in the order they were made: a claim that fits waits behind
 *       an earlier one that does not, so a stream of small objects cannot starve a large one.</li>
 *   <li><b>Never stuck.</b> A claim larger than the whole budget is granted once nothing else is held:
 *       that object runs alone rather than never.</li>
 *   <li><b>No deadlock.</b> A job waits for its claim holding none of the budget (it claims once, and
 *       gives a claim back before it makes another), and a job that holds a claim never waits for
 *       memory. So the holders always finish, and every release lets the line move on.</li>
 *   <li><b>Given back on every path.</b> A {@link Claim} is closed when the job is done with the memory,
 *       whatever happened; closing one still waiting takes it out of the line. A waiter that is
 *       interrupted (the pool is closing) leaves the line.</li>
 * </ul>
 *
 * <p>Claims are granted by whoever changes what is held (a new claim, a release), not by the waiting
 * thread, so the order does not depend on which waiter wakes first.
 */
public final class SinkMemory {

    private final long budget;
    private final SeqgateMetrics metrics;
    private final Deque<Claim> line = new ArrayDeque<>();
    private long reserved;

    /**
     * @param budget  the bytes jobs may hold at once
     * @param metrics told how long each claim waited, and shown the budget and what is reserved
     */
    public SinkMemory(long budget, SeqgateMetrics metrics) {
        if (budget <= 0) {
            throw new IllegalArgumentException("the memory budget must be positive, got " + budget);
        }
        this.budget = budget;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.sinkMemory(this::reserved, budget);
    }

    /** A budget no job ever waits for: for tests and tools that bound memory otherwise. */
    public static SinkMemory unlimited() {
        return new SinkMemory(Long.MAX_VALUE, SeqgateMetrics.none());
    }

    public long budget() {
        return budget;
    }

    /** The bytes granted to claims not given back yet. */
    public synchronized long reserved() {
        return reserved;
    }

    /** Claims waiting for memory. */
    public synchronized int waiting() {
        return line.size();
    }

    /**
     * Claims {@code bytes}: granted at once when nobody waits and they fit, else in the line. The caller
     * closes the claim, granted or not.
     */
    public Claim claim(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot claim " + bytes + " bytes");
        }
        Claim claim = new Claim(bytes);
        synchronized (this) {
            line.addLast(claim);
            grantInOrder();
        }
        return claim;
    }

    /** Grants the claims at the head of the line while they fit, or while nothing is held at all. */
    private void grantInOrder() {
        boolean granted = false;
        for (Claim head = line.peekFirst(); head != null; head = line.peekFirst()) {
            if (reserved != 0 && head.bytes > budget - reserved) {
                break;
            }
            line.removeFirst();
            reserved += head.bytes;
            head.state = State.GRANTED;
            metrics.sinkMemoryWait(Duration.ofNanos(System.nanoTime() - head.claimedAt));
            granted = true;
        }
        if (granted) {
            notifyAll();
        }
    }

    private enum State {
        WAITING,
        GRANTED,
        CLOSED
    }

    /** One job's share of the budget: waiting in line, granted, or given back. */
    public final class Claim implements AutoCloseable {
        private final long claimedAt = System.nanoTime();
        /** What this claim holds once granted; guarded by the budget's monitor, as is {@link #state}. */
        private long bytes;

        private State state = State.WAITING;

        private Claim(long bytes) {
            this.bytes = bytes;
        }

        /** The bytes claimed, or held once granted. */
        public long bytes() {
            synchronized (SinkMemory.this) {
                return bytes;
            }
        }

        public boolean granted() {
            synchronized (SinkMemory.this) {
                return state == State.GRANTED;
            }
        }

        /**
         * Waits until the claim is granted.
         *
         * @throws InterruptedException when interrupted first; the claim has then left the line
         * @throws IllegalStateException when the claim was closed
         */
        public void await() throws InterruptedException {
            synchronized (SinkMemory.this) {
                while (state == State.WAITING) {
                    try {
                        SinkMemory.this.wait();
                    } catch (InterruptedException e) {
                        if (state == State.WAITING) {
                            leave();
                            throw e;
                        }
                        // Granted meanwhile: the caller has its memory, and the interrupt for later.
                        Thread.currentThread().interrupt();
                    }
                }
                if (state == State.CLOSED) {
                    throw new IllegalStateException("the claim was closed");
                }
            }
        }

        /**
         * Gives back what is held beyond {@code bytes} (never waits): the part of a job that is over, such as
         * the decoded image once the output is encoded.
         */
        public void shrinkTo(long bytes) {
            synchronized (SinkMemory.this) {
                if (state != State.GRANTED || bytes >= this.bytes) {
                    return;
                }
                reserved -= this.bytes - Math.max(0, bytes);
                this.bytes = Math.max(0, bytes);
                grantInOrder();
            }
        }

        /** Gives the memory back, or leaves the line when still waiting; once. */
        @Override
        public void close() {
            synchronized (SinkMemory.this) {
                if (state == State.GRANTED) {
                    reserved -= bytes;
                    state = State.CLOSED;
                    grantInOrder();
                } else if (state == State.WAITING) {
                    leave();
                }
            }
        }

        /** Leaves the line: the claims behind it may go now. Under the budget's monitor. */
        private void leave() {
            line.remove(this);
            state = State.CLOSED;
            grantInOrder();
        }

        @Override
        public String toString() {
            synchronized (SinkMemory.this) {
                return "Claim[" + bytes + " bytes, " + state + "]";
            }
        }
    }
}
