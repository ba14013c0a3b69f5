package io.seqgate.reconcile;

import java.time.Duration;

/**
 * Keeps a pass under {@code SEQGATE_RECONCILE_RATE} objects listed per second, shared by its listers:
 * each page waits until the budget of the pages before it is spent.
 */
final class Pace {

    private final double perSecond;
    private long nextFreeNanos;

    /** @param perSecond objects per second; 0 for no limit */
    Pace(double perSecond) {
        this.perSecond = perSecond;
        this.nextFreeNanos = System.nanoTime();
    }

    /** Waits for the right to list {@code objects} more. */
    void take(int objects) throws InterruptedException {
        if (perSecond <= 0 || objects <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + (long) (objects * 1e9 / perSecond);
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait).toMillis(), (int) (wait % 1_000_000));
        }
    }
}
