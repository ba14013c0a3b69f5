package io.seqgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The periodic reconciler (docs/reconcile.md).
 *
 * @param interval {@code SEQGATE_RECONCILE_INTERVAL}: how often a pass starts, counted from the end of
 *                 the last; empty for never (the default: {@code seqgate reconcile} runs one pass by hand)
 * @param rate     {@code SEQGATE_RECONCILE_RATE}: objects listed per second at most, over all listers;
 *                 0 for no limit
 * @param listers  {@code SEQGATE_RECONCILE_LISTERS}: parts of the key space (folders) listed at once
 */
public record ReconcileSettings(Optional<Duration> interval, double rate, int listers) {

    public static final double DEFAULT_RATE = 1000;
    public static final int DEFAULT_LISTERS = 4;

    /** Output HEADs made at once by a pass: enough to hide their round trips behind the listing. */
    public static final int CHECKERS = 16;

    public ReconcileSettings {
        interval = interval == null ? Optional.empty() : interval;
    }
}
