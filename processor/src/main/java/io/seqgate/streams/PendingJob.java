package io.seqgate.streams;

import io.seqgate.event.ObjectEvent;
import java.util.Objects;

/**
 * An accepted event that has no terminal outcome yet: queued for, waiting for, or in a sink job.
 *
 * @param event        the event
 * @param acceptedAtMs when the gate accepted it; its outcome's {@code decidedAt}
 * @param timestamp    the timestamp of the record that carried it, given to its outcome record
 * @param origin       where that record was read, or null when unknown
 */
public record PendingJob(ObjectEvent event, long acceptedAtMs, long timestamp, RecordOrigin origin) {

    public PendingJob {
        Objects.requireNonNull(event, "event");
    }

    /** This job with its event under {@code sequencer}: a reconcile record that took a newer live event in. */
    public PendingJob withSequencer(String sequencer) {
        return new PendingJob(event.withSequencer(sequencer), acceptedAtMs, timestamp, origin);
    }

    String sequencer() {
        return event.sequencer();
    }
}
