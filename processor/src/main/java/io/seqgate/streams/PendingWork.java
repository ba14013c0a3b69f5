package io.seqgate.streams;

import java.util.Objects;

/**
 * One object's entry in {@link Names#PENDING_STORE}: the accepted events of that object whose
 * outcomes are not recorded yet. There are never more than two, because a newer event replaces a
 * queued one that has not started (docs/async-sink.md, "Coalescing").
 *
 * @param inFlight the event handed to the workers: waiting for one, running, or ended with its result
 *                 not recorded yet
 * @param queued   the newest event accepted after it, waiting for it to end; null when none
 */
public record PendingWork(PendingJob inFlight, PendingJob queued) {

    public PendingWork {
        Objects.requireNonNull(inFlight, "inFlight");
    }

    public static PendingWork of(PendingJob inFlight) {
        return new PendingWork(inFlight, null);
    }
}
