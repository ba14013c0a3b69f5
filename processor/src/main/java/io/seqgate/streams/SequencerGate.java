package io.seqgate.streams;

import io.seqgate.event.EventKind;
import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.Sequencers;
import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an event through only when its sequencer is higher than every sequencer seen for its object.
 *
 * <p>All events of one object share the key {@code bucket/key}, so one task sees them one at a time:
 * partition ownership is the lock (docs/design.md §2). Rules (docs/design.md §3): sequencers order events of the same
 * key only; equal means the same event delivered again (DUPLICATE), lower means it happened before
 * one already let through (STALE); events without a sequencer, and events that are neither creates
 * nor removes, cannot change the output and are IGNORED without touching the state (the latter in
 * {@link ParseNotifications}, before they reach the gate). One exception:
 * an event equal to the stored one whose last attempt FAILED is let through again, so that a
 * dead-lettered event copied back to the input is retried rather than dropped as a duplicate.
 *
 * <p>At an equal sequencer a remove counts as later than a create. MinIO's lifecycle expiry of every
 * version, {@code ObjectRemoved:DeleteAllVersions}, names the object's current version and so carries
 * its modification time as the sequencer ({@code cmd/data-scanner.go},
 * {@code applyExpiryOnNonTransitionedObjects}; {@code cmd/event-notification.go}, {@code ToEvent}): the
 * very sequencer of the Put that created it, and it must still reach the sink. The create at that
 * sequencer did happen before the remove, so when it arrives after it, it is STALE. A client's delete, of
 * a key or of one version, carries the time of the delete instead ({@code cmd/erasure-object.go},
 * {@code DeleteObject}) and needs no exception (docs/design.md §3, "MinIO's sequencer").
 *
 * <p>Entries idle for longer than the retention are purged by a wall-clock punctuator, so the
 * store does not grow forever. An event for a purged object is accepted again, which is safe: the
 * sink's compare-and-swap on the output still refuses anything older than what it wrote.
 */
final class SequencerGate implements Processor<String, ObjectEvent, String, Verdict> {

    private static final Logger LOG = LoggerFactory.getLogger(SequencerGate.class);

    private final Duration retention;
    private final Duration purgeInterval;
    private ProcessorContext<String, Verdict> context;
    private KeyValueStore<String, ObjectState> store;

    SequencerGate(Duration retention, Duration purgeInterval) {
        this.retention = retention;
        this.purgeInterval = purgeInterval;
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.store = context.getStateStore(Names.STATE_STORE);
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purgeIdle);
    }

    @Override
    public void process(Record<String, ObjectEvent> record) {
        ObjectEvent event = record.value();
        long now = context.currentSystemTimeMs();
        Verdict verdict = decide(record.key(), event, now);
        if (LOG.isDebugEnabled()) { // spares four wrappers per event when debug is off
            LOG.debug(
                    "{} {} {} -> {} ({})",
                    LogSafe.of(record.key()),
                    LogSafe.of(event.eventName()),
                    LogSafe.of(event.sequencer()),
                    verdict.decision(),
                    LogSafe.of(verdict.reason()));
        }
        context.forward(record.withValue(verdict));
    }

    private Verdict decide(String key, ObjectEvent event, long now) {
        if (event.kind() == EventKind.OTHER) {
            // Reachable only through a repartition record written by an older release, which routed
            // every kind here: refuse it (dead-lettered) rather than take it for a create.
            throw new IllegalArgumentException("event of kind OTHER (" + event.eventName()
                    + ") reached the gate; ParseNotifications records those as IGNORED");
        }
        if (event.kind() == EventKind.RECONCILE) {
            return reconcile(key, event, now);
        }
        if (event.sequencer() == null || !Sequencers.isValid(event.sequencer())) {
            return Verdict.decided(
                    event,
                    Decision.IGNORED,
                    "no usable sequencer ('" + event.sequencer() + "'): the event cannot be ordered against others",
                    now);
        }
        ObjectState state = store.get(key);
        if (state == null) {
            store.put(key, ObjectState.firstAccepted(event, now));
            return Verdict.decided(event, Decision.ACCEPTED, "first event seen for this object", now);
        }
        int order = Sequencers.compare(event.sequencer(), state.sequencer());
        boolean remove = event.kind() == EventKind.REMOVED;
        if (order == 0 && remove && !state.removed()) {
            store.put(key, state.accept(event, now));
            return Verdict.decided(
                    event,
                    Decision.ACCEPTED,
                    "a remove at the sequencer of the newest create, " + state.sequencer() + ", is later than it",
                    now);
        }
        if (order == 0 && !remove && state.removed()) {
            store.put(key, state.countStale(now));
            return Verdict.decided(
                    event,
                    Decision.STALE,
                    "a remove at this sequencer was already accepted, and a create at the same sequencer is older",
                    now);
        }
        if (order > 0) {
            store.put(key, state.accept(event, now));
            return Verdict.decided(event, Decision.ACCEPTED, "sequencer is newer than " + state.sequencer(), now);
        }
        if (order == 0 && state.outcome() == Decision.FAILED) {
            store.put(key, state.accept(event, now));
            return Verdict.decided(event, Decision.ACCEPTED, "retry: the last attempt for this sequencer failed", now);
        }
        if (order == 0) {
            store.put(key, state.countDuplicate(now));
            return Verdict.decided(event, Decision.DUPLICATE, "sequencer equals the newest seen; already handled", now);
        }
        store.put(key, state.countStale(now));
        return Verdict.decided(
                event, Decision.STALE, "sequencer is older than the newest seen, " + state.sequencer(), now);
    }

    /**
     * A reconcile record carries no sequencer (a listing gives none), so it can neither move the stored
     * sequencer nor be ordered against the object's events by one: it is ordered by its place in the
     * partition, which it shares with them. It always goes on to the sink, under the newest sequencer
     * this gate holds for the object (none when it holds no state): the sink settles the output to the
     * input's current version and records that sequencer, so any newer live event, accepted after this
     * record, still replaces what it wrote, and an older one is still refused. The state is left as it
     * is: the record changes neither what the gate has seen nor its counters.
     */
    private Verdict reconcile(String key, ObjectEvent event, long now) {
        ObjectState state = store.get(key);
        if (state == null) {
            return Verdict.decided(
                    event.withSequencer(null),
                    Decision.ACCEPTED,
                    "reconcile: no event recorded for this object; settle its output to the input's current version",
                    now);
        }
        return Verdict.decided(
                event.withSequencer(state.sequencer()),
                Decision.ACCEPTED,
                "reconcile: settle the output to the input's current version, under the newest sequencer seen, "
                        + state.sequencer(),
                now);
    }

    private void purgeIdle(long now) {
        long cutoff = now - retention.toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, ObjectState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ObjectState> entry = all.next();
                if (entry.value.updatedAtMs() < cutoff) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(store::delete);
        if (!idle.isEmpty()) {
            LOG.info("Purged {} object states idle for more than {}", idle.size(), retention);
        }
    }
}
