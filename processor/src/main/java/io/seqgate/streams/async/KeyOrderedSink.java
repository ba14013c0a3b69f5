package io.seqgate.streams.async;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.Names;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.PendingWork;
import io.seqgate.streams.Verdict;
import io.seqgate.streams.async.TaskJobs.Finished;
import io.seqgate.streams.async.TaskJobs.Lane;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sink for the events the gate accepted on the instance's {@link SinkWorkers}: one job per
 * object at a time, in sequencer order, many objects at once, with no S3 call on the stream thread
 * or inside a Kafka transaction. Where each guarantee comes from is in docs/async-sink.md; in short:
 *
 * <ul>
 *   <li><b>No accepted event is lost.</b> An accepted event is written to {@link Names#PENDING_STORE}
 *       in the same task and transaction as the gate's decision and the input offset, and leaves it
 *       in the transaction that records its outcome. A crash loses neither or both; the task's next
 *       owner resumes what the store holds.</li>
 *   <li><b>Per-object order.</b> Only this task sees the object (partition ownership), and its
 *       {@link Lane} holds at most one job in the pool; a newer event waits behind it.</li>
 *   <li><b>Coalescing.</b> A newer event replaces one that has not started — queued behind a running
 *       job, lingering ({@code SEQGATE_SINK_LINGER}), or still waiting for a worker; the replaced
 *       event ends SUPERSEDED at once, naming the event it was coalesced into.</li>
 *   <li><b>One outcome per accepted event.</b> Every event leaves the store exactly once: with its
 *       sink result, or SUPERSEDED when coalesced or when a restart finds it overtaken.</li>
 * </ul>
 *
 * <p>Results are recorded on the stream thread — by a wall-clock punctuator every
 * {@link TaskJobs#DRAIN_INTERVAL} while the task has work ({@link DrainSchedule}), after each record,
 * and while a record waits for a place — as the
 * outcome, the object's state in {@link Names#STATE_STORE} when no newer event has been accepted (as
 * the synchronous sink, {@code ReconcileOutput}, does), and the removal from {@link Names#PENDING_STORE}.
 */
public final class KeyOrderedSink extends AsyncSink {

    private static final Logger LOG = LoggerFactory.getLogger(KeyOrderedSink.class);

    /** The lanes of objects with events in {@link #pending}; stream thread only. */
    private final Map<String, Lane> lanes = new HashMap<>();
    /**
     * Keys of the entries of {@link #pending} a previous owner of this task left, neither resumed nor
     * overtaken by a newer event yet, in store order.
     */
    private final Deque<String> left = new ArrayDeque<>();
    /** Whether {@link #left} holds what the store held when the task started. */
    private boolean leftFound;

    private KeyValueStore<String, ObjectState> states;
    private KeyValueStore<String, PendingWork> pending;

    public KeyOrderedSink(SinkWorkers workers, ObjectSink sink, SeqgateMetrics metrics) {
        super(workers, sink, metrics);
    }

    @Override
    void startTask() {
        this.states = context().getStateStore(Names.STATE_STORE);
        this.pending = context().getStateStore(Names.PENDING_STORE);
        this.lanes.clear();
        this.left.clear();
        this.leftFound = false;
        // Forwarding is not allowed in init(), so the first drain or record looks for work to resume.
        busy();
    }

    @Override
    boolean idle() {
        return leftFound && left.isEmpty() && lanes.isEmpty();
    }

    /** {@link #left}, filled from the store on the task's first drain or record. */
    private Deque<String> left() {
        if (!leftFound) {
            try (KeyValueIterator<String, PendingWork> all = pending.all()) {
                while (all.hasNext()) {
                    left.add(all.next().key);
                }
            }
            leftFound = true;
            if (!left.isEmpty()) {
                LOG.info("Resuming the sink jobs of {} objects left by this task's previous owner", left.size());
            }
        }
        return left;
    }

    /**
     * Work a previous owner left goes first: one entry (waiting for a place ahead of every new record)
     * and as many more as places are free, then the record — which waits for a place of its own.
     */
    @Override
    void processAccepted(Record<String, Verdict> record) {
        resumeLeftWork(record.key());
        PendingJob job = reserveJob(record);
        place(record.key(), job);
        busy();
        // Results that came in meanwhile, this job's too when it was quick (or the executor runs jobs in place).
        drain();
    }

    @Override
    Collection<Lane> closeTask() {
        List<Lane> open = new ArrayList<>(lanes.values());
        lanes.clear();
        left.clear();
        return open;
    }

    /** Starts {@code job}, which holds a place, or queues it behind the object's job in the pool. */
    private void place(String key, PendingJob job) {
        Lane lane;
        PendingJob inFlight;
        PendingJob coalesced = null;
        boolean start;
        boolean queued = false;
        while (true) {
            lane = lanes.get(key);
            if (lane == null) {
                PendingWork leftover = pending.get(key);
                if (leftover != null) {
                    // Left by the task's previous owner and not resumed yet: overtaken by this event.
                    overtaken(key, leftover, job);
                    left.remove(key);
                }
                lane = new Lane(key);
                lanes.put(key, lane);
            }
            synchronized (lane) {
                // With every ended job of the lane recorded, the lane holds exactly what the store
                // entry holds; otherwise the entry could need a third event.
                if (lane.unrecorded == 0) {
                    start = lane.running == null;
                    if (start) {
                        lane.running = job;
                    } else if (!lane.started) {
                        // Still lingering or waiting for a worker: the worker will take this event instead.
                        coalesced = lane.running;
                        lane.running = job;
                    } else {
                        coalesced = lane.next;
                        lane.next = job;
                        queued = true;
                    }
                    inFlight = lane.running;
                    break;
                }
            }
            drainFinished();
        }
        pending.put(key, queued ? new PendingWork(inFlight, job) : PendingWork.of(job));
        if (start) {
            // After the linger (SEQGATE_SINK_LINGER), during which a newer event replaces this one.
            jobs().startAfterLinger(lane);
        } else if (coalesced == null) {
            jobs().queuedBehind();
        } else {
            jobs().unreserve();
            complete(
                    key,
                    coalesced,
                    SinkResult.superseded("coalesced into " + job.event().sequencer()
                            + ": a newer event for this object was accepted before this one started"));
        }
    }

    @Override
    void drain() {
        drainFinished();
        while (resumeNext(null, false)) {
            // as many as places are free
        }
    }

    /** While work is left to resume, waits for a place for it, ahead of new records. */
    @Override
    void punctuate() {
        drainFinished();
        resumeLeftWork(null);
    }

    private void drainFinished() {
        Finished f;
        while ((f = jobs().nextFinished()) != null) {
            record(f);
        }
    }

    private void record(Finished f) {
        Lane lane = f.lane();
        // The lane first: should a store or the producer throw below, the lane still matches the
        // finished queue, and the object's next event is not left waiting for a result that is gone.
        boolean idle;
        synchronized (lane) {
            lane.unrecorded--;
            idle = lane.running == null && lane.next == null && lane.unrecorded == 0;
        }
        if (idle) {
            lanes.remove(lane.key, lane);
        }
        PendingWork work = pending.get(lane.key);
        if (work != null && work.queued() != null) {
            pending.put(lane.key, PendingWork.of(work.queued()));
        } else {
            pending.delete(lane.key);
        }
        timeEndToEnd(f);
        complete(lane.key, f.job(), f.result());
    }

    /**
     * Resumes one entry a previous owner of this task left (other than {@code except}'s, which the
     * record being processed overtakes anyway), waiting for a place ahead of every new record, and
     * then as many as places are free. The wait is for one place, as a record's is, so a call never
     * waits longer than one job (docs/async-sink.md, "Backpressure and time limits").
     */
    private void resumeLeftWork(String except) {
        if (resumeNext(except, true)) {
            while (resumeNext(except, false)) {
                // as many as places are free
            }
        }
    }

    /**
     * Resumes the next entry left by a previous owner (not {@code except}'s) once it holds a place:
     * waiting for one, or only when one is free now; false when there is none to resume or no place.
     * The newest event of the object runs; an event in flight with a newer one queued behind it ends
     * SUPERSEDED.
     */
    private boolean resumeNext(String except, boolean wait) {
        String key = nextLeft(except);
        if (key == null) {
            return false;
        }
        if (wait) {
            // Meanwhile only results are recorded, of other objects: the key's entry stays as it was.
            jobs().reserveForResume(this::drainFinished);
        } else if (!jobs().tryReserveForResume()) {
            left.addFirst(key);
            return false;
        }
        resume(key, pending.get(key));
        return true;
    }

    /** Takes the next key left to resume, other than {@code except}, off {@link #left}; null when none. */
    private String nextLeft(String except) {
        for (Iterator<String> keys = left().iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals(except)) {
                keys.remove();
                return key;
            }
        }
        return null;
    }

    private void resume(String key, PendingWork work) {
        PendingJob run = work.inFlight();
        if (work.queued() != null) {
            run = work.queued();
            complete(key, work.inFlight(), SinkResult.superseded(interrupted(run)));
            pending.put(key, PendingWork.of(run));
        }
        Lane lane = new Lane(key);
        lane.running = run;
        lanes.put(key, lane);
        jobs().start(lane);
    }

    /** Ends the events of {@code left}, which never ran on this instance, in favour of {@code newer}. */
    private void overtaken(String key, PendingWork left, PendingJob newer) {
        complete(key, left.inFlight(), SinkResult.superseded(interrupted(newer)));
        if (left.queued() != null) {
            complete(key, left.queued(), SinkResult.superseded(interrupted(newer)));
        }
    }

    private static String interrupted(PendingJob newer) {
        return "interrupted, coalesced into " + newer.event().sequencer()
                + ": this object's task moved (restart or rebalance) before the result was recorded";
    }

    /** Forwards the terminal outcome of {@code job} and keeps it as the object's last outcome when no newer event was accepted. */
    private void complete(String key, PendingJob job, SinkResult result) {
        long now = context().currentSystemTimeMs();
        ObjectState state = states.get(key);
        if (state != null && state.newestIs(job.event())) {
            states.put(key, state.withOutcome(result.decision(), result.reason(), now));
        }
        forwardVerdict(key, job, result, now);
    }
}
