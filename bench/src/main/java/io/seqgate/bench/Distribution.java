package io.seqgate.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies of one run, where some may be missing (the object had no outcome by the deadline). A
 * missing one counts as longer than any measured, so a percentile that falls among them is only
 * known to exceed the deadline, and says so.
 *
 * @param sortedNanos measured latencies, ascending
 * @param missing     how many had no measurement
 * @param censoredAt  the wait that the missing ones exceeded, in nanoseconds
 */
record Distribution(long[] sortedNanos, int missing, long censoredAt) {

    static Distribution of(long[] nanos, int missing, long censoredAt) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Distribution(sorted, missing, censoredAt);
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
