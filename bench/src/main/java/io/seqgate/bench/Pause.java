package io.seqgate.bench;

import java.util.concurrent.locks.LockSupport;

/** Waiting in the bench's polling loops; an interrupt ends the bench. */
final class Pause {

    private Pause() {}

    static void millis(long millis) {
        untilNanos(System.nanoTime() + millis * 1_000_000L);
    }

    /** Parks until {@link System#nanoTime()} reaches {@code deadline}. */
    static void untilNanos(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
