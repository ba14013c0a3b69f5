package io.seqgate.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured on: the figures mean little without it.
 *
 * @param loadAverage the system load average over the last minute (-1 where the OS does not say):
 *                    more than the core count means other work competed with the bench
 */
record Machine(
        int cores,
        String os,
        String jvm,
        long maxHeapBytes,
        List<String> jvmArguments,
        double loadAverage,
        Instant at) {

    static Machine now() {
        Runtime runtime = Runtime.getRuntime();
        return new Machine(
                runtime.availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                runtime.maxMemory(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Instant.now());
    }

    String load() {
        return loadAverage < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", loadAverage);
    }

    String heap() {
        return String.format(Locale.ROOT, "%d MiB", maxHeapBytes / (1024 * 1024));
    }
}
