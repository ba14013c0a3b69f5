package io.seqgate.streams;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Outcome;

/** What {@link ParseNotifications} makes of one input message part; lives only inside one task. */
sealed interface Parsed {

    /**
     * An object event. {@code direct} when the input record was already keyed {@code bucket/key} and
     * sits on the partition that key belongs to, so it needs no repartition hop.
     */
    record Event(ObjectEvent event, boolean direct) implements Parsed {}

    /**
     * Nothing to gate, only to record: the S3 test event, an event that changes no content, an object
     * outside the input locations.
     */
    record Notice(Outcome outcome) implements Parsed {}

    /** A message that could not be parsed: goes to the dead-letter topic as it came. */
    record Invalid(byte[] rawKey, byte[] rawValue, String reason) implements Parsed {}
}
