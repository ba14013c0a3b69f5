package io.seqgate.streams.serde;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import java.time.Instant;

/**
 * Two events whose stored bytes the serde tests pin: {@code ObjectEventSerdeTest} their repartition
 * encoding, {@code PendingWorkSerdeTest} the pending work that holds them (which embeds that encoding).
 */
final class PinnedEvents {

    /** Every field set; a key with a space and a letter outside ASCII. */
    static final ObjectEvent FULL = new ObjectEvent(
            "input",
            "a/b c\u00e9.jpg",
            "ObjectCreated:Put",
            EventKind.CREATED,
            "18A2B3C4D5E6F708",
            "5d41402abc4b2a76b9719d911017c592",
            "0f3c8a52-6d1e-4b7a-9c1d-2e5f6a7b8c9d",
            48213L,
            "image/jpeg",
            Instant.parse("2026-10-01T12:00:00.123Z"),
            "minio");

    /** A remove with every optional field left out. */
    static final ObjectEvent BARE = new ObjectEvent(
            "input", "a.jpg", "ObjectRemoved:Delete", EventKind.REMOVED, null, null, null, null, null, null, "s3");

    private PinnedEvents() {}
}
