package io.seqgate.devstack.stack;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequencers like MinIO's: the modification time in nanoseconds since the epoch, as 16 upper-case hex
 * digits (docs/design.md §3). Two changes in the same clock tick would get the same value from a clock alone,
 * and the gate would drop the second as a duplicate, so each value is at least the previous one + 1.
 */
final class SequencerClock {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    SequencerClock(Clock clock) {
        this.clock = clock;
    }

    /** The next time stamp in epoch nanoseconds, strictly greater than every earlier one. */
    long nextNanos() {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return last.updateAndGet(previous -> Math.max(nanos, previous + 1));
    }

    static String toSequencer(long epochNanos) {
        return String.format(Locale.ROOT, "%016X", epochNanos);
    }
}
