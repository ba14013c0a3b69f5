package io.seqgate.streams;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;

/**
 * What the gate remembers about one object: the newest event it let through and what became of
 * it, plus how many events it dropped, and what the object's output holds as the sink last saw it. One
 * entry per {@code bucket/key} in {@link Names#STATE_STORE}.
 *
 * <p>An object settled by a reconcile record before any event of it arrived (a backfill) has an entry
 * with no event: {@link #sequencer} and the fields of the event are null, and the gate takes the first
 * event that comes as new (docs/reconcile.md).
 *
 * @param sequencer     the highest sequencer accepted so far, or null when no event was
 * @param eventName     that event's name, or null
 * @param eTag          that event's eTag, or null
 * @param versionId     that event's version id, or null
 * @param removed       whether that event was a remove: at an equal sequencer a remove counts as later
 *                      than a create, so the gate must know which of the two it holds
 * @param eventTimeMs   that event's time (epoch ms), or -1 when the notification had none
 * @param outcome       what became of that event: ACCEPTED while (or when no sink is) processing,
 *                      then DONE, SUPERSEDED, UNSUPPORTED or FAILED; for an entry with no event, what
 *                      became of the reconcile record that made it
 * @param reason        the reason given with {@code outcome}
 * @param accepted      events accepted for this object
 * @param duplicates    events dropped as duplicates (same sequencer)
 * @param stale         events dropped as stale (lower sequencer)
 * @param updatedAtMs   wall-clock time of the last event or sink result for this object; retention
 *                      counts from here
 * @param output        what the output holds as the sink last wrote or found it, whichever event or
 *                      reconcile record it ran for; null when unknown or absent
 */
public record ObjectState(
        String sequencer,
        String eventName,
        String eTag,
        String versionId,
        boolean removed,
        long eventTimeMs,
        Decision outcome,
        String reason,
        long accepted,
        long duplicates,
        long stale,
        long updatedAtMs,
        OutputRecord output) {

    /** The reason of an accepted event whose sink has not finished (or that has no sink). */
    public static final String ACCEPTED_REASON = "accepted";

    /**
     * The state after {@code event} is the first accepted for the object; {@code before} is an entry with no
     * event (a reconcile record's), whose knowledge of the output it keeps, or null.
     */
    static ObjectState firstAccepted(ObjectEvent event, ObjectState before, long nowMs) {
        return before == null
                ? ofAccepted(event, 1, 0, 0, nowMs, null)
                : ofAccepted(event, 1, before.duplicates, before.stale, nowMs, before.output);
    }

    /** An entry with no event, made by the result of a reconcile record for an object the gate held nothing of. */
    public static ObjectState settledWithoutEvent(Decision outcome, String reason, OutputRecord output, long nowMs) {
        return new ObjectState(null, null, null, null, false, -1, outcome, reason, 0, 0, 0, nowMs, output);
    }

    /** Whether an event was ever accepted for the object: false for an entry a reconcile record made. */
    public boolean hasEvent() {
        return sequencer != null;
    }

    ObjectState accept(ObjectEvent event, long nowMs) {
        return ofAccepted(event, accepted + 1, duplicates, stale, nowMs, output);
    }

    ObjectState countDuplicate(long nowMs) {
        return sameEvent(outcome, reason, duplicates + 1, stale, nowMs, output);
    }

    ObjectState countStale(long nowMs) {
        return sameEvent(outcome, reason, duplicates, stale + 1, nowMs, output);
    }

    /**
     * Whether this state's newest accepted event is {@code event}: the same sequencer and the same kind.
     * A remove can be accepted at the sequencer of a create (the remove wins at an equal sequencer), so
     * the sequencer alone would let the create's late result overwrite the remove's outcome. A reconcile
     * record is never the newest event: its result leaves the object's outcome alone.
     */
    public boolean newestIs(ObjectEvent event) {
        // A reconcile record borrows the newest sequencer, but it is not the event that sequencer names.
        return event.kind() != EventKind.RECONCILE
                && sequencer != null
                && sequencer.equals(event.sequencer())
                && removed == (event.kind() == EventKind.REMOVED);
    }

    public ObjectState withOutcome(Decision decision, String why, long nowMs) {
        return sameEvent(decision, why, duplicates, stale, nowMs, output);
    }

    /** This state knowing what the output holds now; {@link OutputRecord#ABSENT} is kept as null. */
    public ObjectState withOutput(OutputRecord now, long nowMs) {
        return sameEvent(outcome, reason, duplicates, stale, nowMs, OutputRecord.ABSENT.equals(now) ? null : now);
    }

    /**
     * The state of an object after the sink's {@code result} for {@code event} is recorded, or {@code before}
     * itself when the result changes nothing: the outcome when {@code event} is the newest accepted (or the
     * reconcile record of an entry with no event), and what the output holds, whichever event or reconcile
     * record the result is for — the sink runs one job of an object at a time, so results come in the order
     * their writes happened. A reconcile record that wrote an output for an object the gate held nothing of
     * makes an entry with no event.
     *
     * @param before the state now, or null
     */
    public static ObjectState afterResult(
            ObjectState before, ObjectEvent event, Decision decision, String reason, OutputRecord output, long nowMs) {
        boolean reconcile = event.kind() == EventKind.RECONCILE;
        ObjectState after = before;
        if (before != null && (before.newestIs(event) || (reconcile && !before.hasEvent()))) {
            after = before.withOutcome(decision, reason, nowMs);
        }
        if (output != null) {
            if (after != null) {
                after = after.withOutput(output, nowMs);
            } else if (reconcile && !OutputRecord.ABSENT.equals(output)) {
                after = settledWithoutEvent(decision, reason, output, nowMs);
            }
        }
        return after;
    }

    /** The state with {@code event} its newest accepted, not yet processed. */
    private static ObjectState ofAccepted(
            ObjectEvent event, long accepted, long duplicates, long stale, long nowMs, OutputRecord output) {
        return new ObjectState(
                event.sequencer(),
                event.eventName(),
                event.eTag(),
                event.versionId(),
                event.kind() == EventKind.REMOVED,
                eventTimeMs(event),
                Decision.ACCEPTED,
                ACCEPTED_REASON,
                accepted,
                duplicates,
                stale,
                nowMs,
                output);
    }

    /** This state with the same newest accepted event, and the rest as given. */
    private ObjectState sameEvent(
            Decision outcome, String reason, long duplicates, long stale, long nowMs, OutputRecord output) {
        return new ObjectState(
                sequencer,
                eventName,
                eTag,
                versionId,
                removed,
                eventTimeMs,
                outcome,
                reason,
                accepted,
                duplicates,
                stale,
                nowMs,
                output);
    }

    private static long eventTimeMs(ObjectEvent event) {
        return event.eventTime() == null ? -1 : event.eventTime().toEpochMilli();
    }
}
