package io.seqgate.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Garbage collections of this JVM between two moments, as its collectors count them. Everything in
 * a bench row — broker, S3 server, uploader, processor — shares the JVM, so a long collection stalls
 * every object in flight at once: this tells a stall of the JVM from one of seqgate.
 *
 * @param count  collections that ended in the window
 * @param millis their accumulated time (pauses for G1's young and mixed collections)
 */
record GcTime(long count, long millis) {

    /** Totals since the JVM started, to subtract a later reading from. */
    static GcTime now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new GcTime(count, millis);
    }

    /** What happened since {@code earlier}. */
    GcTime since(GcTime earlier) {
        return new GcTime(count - earlier.count, millis - earlier.millis);
    }

    String text() {
        return String.format(Locale.ROOT, "%d ms in %d", millis, count);
    }
}
