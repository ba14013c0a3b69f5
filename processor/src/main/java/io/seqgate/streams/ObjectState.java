package io.seqgate.streams;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;

/**
 * What the gate remembers about one object: the newest event it let through and what became of
 * it, plus how many events it dropped. One entry per {@code bucket/key} in {@link Names#STATE_STORE}.
 *
 * @param sequencer     the highest sequencer accepted so far
 * @param eventName     that event's name
 * @param eTag          that event's eTag, or null
 * @param versionId     that event's version id, or null
 * @param removed       whether that event was a remove: at an equal sequencer a remove counts as later
 *                      than a create, so the gate must know which of the two it holds
 * @param eventTimeMs   that event's time (epoch ms), or -1 when the notification had none
 * @param outcome       what became of that event: ACCEPTED while (or when no sink is) processing,
 *                      then DONE, SUPERSEDED, UNSUPPORTED or FAILED
 * @param reason        the reason given with {@code outcome}
 * @param accepted      events accepted for this object
 * @param duplicates    events dropped as duplicates (same sequencer)
 * @param stale         events dropped as stale (lower sequencer)
 * @param updatedAtMs   wall-clock time of the last event seen for this object; retention counts from here
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
        long updatedAtMs) {

    /** The reason of an accepted event whose sink has not finished (or that has no sink). */
    public static final String ACCEPTED_REASON = "accepted";

    static ObjectState firstAccepted(ObjectEvent event, long nowMs) {
        return new ObjectState(
                event.sequencer(),
                event.eventName(),
                event.eTag(),
                event.versionId(),
                event.kind() == EventKind.REMOVED,
                eventTimeMs(event),
                Decision.ACCEPTED,
                ACCEPTED_REASON,
                1,
                0,
                0,
                nowMs);
    }

    ObjectState accept(ObjectEvent event, long nowMs) {
        return new ObjectState(
                event.sequencer(),
                event.eventName(),
                event.eTag(),
                event.versionId(),
                event.kind() == EventKind.REMOVED,
                eventTimeMs(event),
                Decision.ACCEPTED,
                ACCEPTED_REASON,
                accepted + 1,
                duplicates,
                stale,
                nowMs);
    }

    ObjectState countDuplicate(long nowMs) {
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
                duplicates + 1,
                stale,
                nowMs);
    }

    ObjectState countStale(long nowMs) {
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
                stale + 1,
                nowMs);
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
                && sequencer.equals(event.sequencer())
                && removed == (event.kind() == EventKind.REMOVED);
    }

    public ObjectState withOutcome(Decision decision, String why, long nowMs) {
        return new ObjectState(
                sequencer,
                eventName,
                eTag,
                versionId,
                removed,
                eventTimeMs,
                decision,
                why,
                accepted,
                duplicates,
                stale,
                nowMs);
    }

    private static long eventTimeMs(ObjectEvent event) {
        return event.eventTime() == null ? -1 : event.eventTime().toEpochMilli();
    }
}
