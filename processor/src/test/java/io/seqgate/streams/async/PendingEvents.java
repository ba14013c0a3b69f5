package io.seqgate.streams.async;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.PendingWork;
import java.time.Instant;

/**
 * Events and pending work for the key-ordered sink's tests, here and in {@code KeyOrderedSinkTest}: a
 * create of an object, and what a previous owner of the task left in the pending-work store.
 */
public final class PendingEvents {

    private PendingEvents() {}

    /** A create of {@code objectKey} ({@code bucket/key}) at {@code sequencer}, as MinIO notifies it. */
    public static ObjectEvent created(String objectKey, String sequencer) {
        int slash = objectKey.indexOf('/');
        return new ObjectEvent(
                objectKey.substring(0, slash),
                objectKey.substring(slash + 1),
                "ObjectCreated:Put",
                EventKind.CREATED,
                sequencer,
                "e-" + sequencer,
                null,
                3L,
                null,
                Instant.parse("2026-10-01T12:00:00Z"),
                "minio");
    }

    /**
     * What the pending-work store holds when a previous owner accepted creates of {@code objectKey} at
     * {@code acceptedMs} and stopped before recording their outcomes: the job at {@code inFlight}, and
     * the one at {@code queued} behind it (none if null).
     */
    public static PendingWork leftByPreviousOwner(String objectKey, String inFlight, String queued, long acceptedMs) {
        PendingJob first = new PendingJob(created(objectKey, inFlight), acceptedMs, acceptedMs, null);
        PendingJob second =
                queued == null ? null : new PendingJob(created(objectKey, queued), acceptedMs, acceptedMs, null);
        return new PendingWork(first, second);
    }
}
