package io.seqgate.streams.serde;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.PendingWork;
import org.apache.kafka.common.serialization.Serde;

/**
 * Every serde seqgate writes with. Hot state ({@link ObjectState}, {@link PendingWork}) and the rare
 * repartitioned event use compact, versioned binary encodings that read every older version; outcomes,
 * which people read, are JSON.
 */
public final class SeqgateSerdes {

    private SeqgateSerdes() {}

    /** The gate's state per object ({@link ObjectStateSerde}). */
    public static Serde<ObjectState> objectState() {
        return ObjectStateSerde.serde();
    }

    /** An event on the repartition topic ({@link ObjectEventSerde}). */
    public static Serde<ObjectEvent> objectEvent() {
        return ObjectEventSerde.serde();
    }

    /** The asynchronous sink's work per object ({@link PendingWorkSerde}). */
    public static Serde<PendingWork> pendingWork() {
        return PendingWorkSerde.serde();
    }

    public static Serde<Outcome> outcome() {
        return OutcomeSerde.serde();
    }
}
