package io.seqgate.outcome;

/**
 * What seqgate decided for one object event (docs/design.md §4). The gate decides ACCEPTED, DUPLICATE,
 * STALE or IGNORED; an accepted event then ends as DONE, SUPERSEDED, UNSUPPORTED or FAILED in the
 * sink. INVALID is a message that could not be parsed at all. A reconcile record the sink finds
 * already settled (the output shows the input's current version, or both are absent) ends IN_SYNC.
 *
 * <p>The codes are part of the stored state's binary encoding: never renumber them.
 */
public enum Decision {
    ACCEPTED(1),
    DUPLICATE(2),
    STALE(3),
    IGNORED(4),
    INVALID(5),
    DONE(6),
    SUPERSEDED(7),
    UNSUPPORTED(8),
    FAILED(9),
    IN_SYNC(10);

    private final int code;

    Decision(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Decision ofCode(int code) {
        for (Decision d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decision code " + code);
    }
}
