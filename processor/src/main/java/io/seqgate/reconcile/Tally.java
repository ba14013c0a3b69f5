package io.seqgate.reconcile;

import io.seqgate.event.ReconcileRecords.Cause;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** What a pass has counted so far, added to by its listers at once. */
final class Tally {

    final LongAdder listed = new LongAdder();
    final LongAdder compared = new LongAdder();
    final LongAdder inSync = new LongAdder();
    /** Of those found in sync, by the gate's output index rather than a HEAD of the output. */
    final LongAdder inSyncByIndex = new LongAdder();

    final AtomicInteger unitsDone = new AtomicInteger();
    final AtomicInteger units = new AtomicInteger();
    private final AtomicLongArray outOfSync = new AtomicLongArray(Cause.values().length);

    void outOfSync(Cause cause) {
        outOfSync.incrementAndGet(cause.ordinal());
    }

    /** The causes found so far, with their counts; only those found. */
    Map<Cause, Long> outOfSync() {
        Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        for (Cause c : Cause.values()) {
            long n = outOfSync.get(c.ordinal());
            if (n > 0) {
                causes.put(c, n);
            }
        }
        return causes;
    }
}
