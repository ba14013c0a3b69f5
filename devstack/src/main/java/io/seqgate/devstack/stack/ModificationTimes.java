package io.seqgate.devstack.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modification times a MinIO server would hold for what the notifier has reported, and from them the
 * sequencer and event time of each change by the rule of its {@link ObjectChange.Operation}.
 *
 * <p>MinIO stamps a version's modification time when it writes it and reports that time as the sequencer
 * of later events about the version (tagging, an ILM expiry). The embedded store's own Last-Modified is a
 * different clock with millisecond precision, so the times are kept here, one per version (per object in
 * an unversioned bucket), for as long as the version exists: a few dozen bytes each.
 *
 * <p>Calls for one object must come in the order the store applied its changes, as
 * {@link ObjectChangeListener} guarantees; calls for different objects may run concurrently.
 */
final class ModificationTimes {

    private static final Logger log = LoggerFactory.getLogger(ModificationTimes.class);
    private static final String UNVERSIONED = "";

    /** When a change's event says it happened ({@code sequencer}) and when it was sent ({@code eventTime}). */
    record Stamp(long sequencerNanos, long eventTimeNanos) {}

    private final SequencerClock clock;
    /** bucket/key → versionId ({@link #UNVERSIONED} in an unversioned bucket) → modification time. */
    private final Map<String, Map<String, Long>> versions = new ConcurrentHashMap<>();

    ModificationTimes(SequencerClock clock) {
        this.clock = clock;
    }

    /** Stamps {@code change} and records what it did to the object's versions. */
    Stamp stamp(ObjectChange change) {
        String object = MinioEventFormat.kafkaKey(change);
        String version = change.versionId() == null ? UNVERSIONED : change.versionId();
        long now = clock.nextNanos();
        long sequencer = switch (change.operation().sequencer()) {
            case NEW_MODIFICATION_TIME, EVENT_TIME -> now;
            case VERSION_MODIFICATION_TIME -> modificationTime(object, version, change, now);
        };
        switch (change.operation()) {
            case PUT, COPY, COMPLETE_MULTIPART_UPLOAD, DELETE_MARKER_CREATED ->
                versions.computeIfAbsent(object, o -> new ConcurrentHashMap<>()).put(version, now);
            case DELETE, DELETE_MARKER_DELETED ->
                versions.computeIfPresent(object, (o, times) -> {
                    times.remove(version);
                    return times.isEmpty() ? null : times;
                });
            case LIFECYCLE_DELETE_ALL_VERSIONS -> versions.remove(object);
            default -> {
                // metadata changes and no-ops leave the versions as they are
            }
        }
        return new Stamp(sequencer, now);
    }

    private long modificationTime(String object, String version, ObjectChange change, long now) {
        Long known = versions.getOrDefault(object, Map.of()).get(version);
        if (known != null) {
            return known;
        }
        // Written before this notifier ran (a kept --data-dir) or while the bucket was not subscribed.
        log.warn(
                "No modification time known for {} version {}; {} gets the event time as its sequencer",
                object,
                change.versionId(),
                change.operation().eventName());
        return now;
    }
}
