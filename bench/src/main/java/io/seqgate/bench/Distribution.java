package io.seqgate.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies of one run, where some may be missing (the object had no outcome by the deadline). A
 * missing one counts as longer than any measured, so a percentile that falls among them is only
 * known to exceed the deadline, and says so.
 *
 *
 * <p>A class rather than a record: a record would hand out its array and compare it by identity.
 */
final class Distribution {

    /** Measured latencies, ascending; never handed out. */
    private final long[] sortedNanos;
    /** How many had no measurement. */
    private final int missing;
    /** How many had no measurement. */
    int missing() {
        return missing;
    }

    /** The wait that the missing ones exceeded, in nanoseconds. */
    private final long censoredAt;

    private Distribution(long[] sortedNanos, int missing, long censoredAt) {
        this.sortedNanos = sortedNanos;
        this.missing = missing;
        this.censoredAt = censoredAt;
    }

    static Distribution of(long[] nanos, int missing, long censoredAt) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Distribution(sorted, missing, censoredAt);
    }

    /** The wait that the missing ones exceeded, in nanoseconds. */
    long censoredAt() {
        return censoredAt;
    }

    int count() {
        return sortedNanos.length + missing;
    }

    /**
     * The {@code q}-quantile (0 &lt; q ≤ 1) by the nearest-rank method, in nanoseconds; -1 when it lies
     * among the missing ones.
     */
    long quantile(double q) {
        int total = count();
        if (total == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * total);
        int index = Math.max(rank, 1) - 1;
        return index < sortedNanos.length ? sortedNanos[index] : -1;
    }

    /** The quantile for a table: milliseconds, or "&gt; N s" when it lies among the missing ones. */
    String quantileText(double q) {
        long value = quantile(q);
        if (value < 0) {
            return count() == 0 ? "-" : String.format(Locale.ROOT, "> %.0f s", censoredAt / 1e9);
        }
        return millis(value);
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 1_000) {
            return String.format(Locale.ROOT, ms >= 10_000 ? "%.1f s" : "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f ms" : "%.1f ms", ms);
    }
}
