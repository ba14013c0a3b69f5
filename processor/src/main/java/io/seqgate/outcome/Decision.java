package io.seqgate.outcome;

/**
 * What seqgate decided for one object event (docs/design.md §4). The gate decides ACCEPTED, DUPLICATE,
 * STALE or IGNORED; an accepted event then ends as DONE, SUPERSEDED, UNSUPPORTED or FAILED in the
 * sink. INVALID is a message that could not be parsed at all. A reconcile record the sink finds
 * already settled (the output shows the input's current version, or both are absent) ends IN_SYNC.
 *
 * <p>The state store keeps a decision as a code of its own ({@code ObjectStateSerde}), never as its place
 * in this list.
 */
public enum Decision {
    ACCEPTED,
    DUPLICATE,
    STALE,
    IGNORED,
    INVALID,
    DONE,
    SUPERSEDED,
    UNSUPPORTED,
    FAILED,
    IN_SYNC
}
