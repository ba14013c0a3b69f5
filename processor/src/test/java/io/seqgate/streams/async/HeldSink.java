package io.seqgate.streams.async;

import io.seqgate.event.ObjectEvent;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink for the asynchronous sink's tests: ends every event DONE, records every call, and keeps the
 * calls for the sequencers it is told to hold (or all of them) running until the test releases them.
 * Safe to call from many workers at once.
 */
public final class HeldSink implements ObjectSink {

    /** A held call gives up after this, so that a broken test fails instead of hanging. */
    private static final long HOLD_LIMIT_SECONDS = 60;

    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final List<ObjectEvent> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> runningPerObject = new ConcurrentHashMap<>();
    private final AtomicInteger mostRunningForOneObject = new AtomicInteger();
    private final Runnable onCall;
    private volatile boolean holdAll;

    public HeldSink() {
        this(() -> {});
    }

    /** @param onCall runs at the start of every call, on the worker */
    public HeldSink(Runnable onCall) {
        this.onCall = onCall;
    }

    /** The call for {@code sequencer} will run until {@link #release(String)}. */
    public void hold(String sequencer) {
        holds.putIfAbsent(sequencer, new CountDownLatch(1));
    }

    /** Every call from now on runs until released. */
    public void holdAll() {
        holdAll = true;
    }

    public void release(String sequencer) {
        hold(sequencer);
        holds.get(sequencer).countDown();
    }

    /** Releases every call held now. */
    public void releaseAll() {
        holds.values().forEach(CountDownLatch::countDown);
    }

    /** Releases every call held now, and holds no call from now on. */
    public void holdNone() {
        holdAll = false;
        releaseAll();
    }

    public boolean started(String sequencer) {
        return sequencers().contains(sequencer);
    }

    /** Sequencers of the events the sink was called with, in the order the calls started. */
    public List<String> sequencers() {
        synchronized (calls) {
            return calls.stream().map(ObjectEvent::sequencer).toList();
        }
    }

    /** Sequencers of one object's events the sink was called with, in the order the calls started. */
    public List<String> sequencers(String objectKey) {
        synchronized (calls) {
            return calls.stream()
                    .filter(e -> e.objectKey().equals(objectKey))
                    .map(ObjectEvent::sequencer)
                    .toList();
        }
    }

    /** The most calls for one object that ever ran at the same time. */
    public int mostRunningForOneObject() {
        return mostRunningForOneObject.get();
    }

    @Override
    public SinkResult apply(ObjectEvent event) {
        onCall.run();
        AtomicInteger running = runningPerObject.computeIfAbsent(event.objectKey(), k -> new AtomicInteger());
        mostRunningForOneObject.accumulateAndGet(running.incrementAndGet(), Math::max);
        synchronized (calls) {
            calls.add(event);
        }
        try {
            if (holdAll) {
                hold(event.sequencer());
            }
            CountDownLatch hold = holds.get(event.sequencer());
            if (hold != null && !hold.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                return SinkResult.failed("held longer than " + HOLD_LIMIT_SECONDS + " s: the test never released it");
            }
            return SinkResult.done("written", "out/" + event.key(), "etag-" + event.sequencer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SinkResult.failed("interrupted while held");
        } finally {
            running.decrementAndGet();
        }
    }
}
