package io.seqgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder CPU profile of this JVM over one measurement, summarised for the report, so
 * that a missed target comes with where the time went. Everything the bench measures runs in this JVM
 * (broker, S3 server, uploaders, processor), so the summary is by thread and by the package of the
 * running method.
 *
 * <p>JFR samples threads running Java code ({@code jdk.ExecutionSample}) and, separately, threads in
 * native code ({@code jdk.NativeMethodSample}: libjpeg, zlib, RocksDB, sockets). A native sample
 * says only that the thread is in native code, working or waiting, so samples whose running method
 * is one of the JDK's waits (poll, accept, park, sleep) are left out.
 */
final class CpuProfile implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(10);
    private static final int TOP = 12;
    /** Native methods in which a thread waits rather than works. */
    static final Set<String> WAITS = Set.of(
            "sun.nio.ch.EPoll.wait",
            "sun.nio.ch.Net.poll",
            "sun.nio.ch.Net.accept",
            "sun.nio.ch.Net.connect0",
            "sun.nio.ch.SocketDispatcher.read0",
            "sun.nio.ch.ServerSocketChannelImpl.accept0",
            "jdk.internal.misc.Unsafe.park",
            "java.lang.Object.wait",
            "java.lang.Thread.sleep",
            "java.lang.Thread.yield",
            "sun.nio.ch.IOUtil.drain");

    private final Recording recording;
    private final Path file;

    private CpuProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts sampling every thread of this JVM every 10 ms; the recording goes to {@code file}. */
    static CpuProfile start(Path file) {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(PERIOD);
        recording.enable("jdk.NativeMethodSample").withPeriod(PERIOD);
        recording.setToDisk(true);
        recording.start();
        return new CpuProfile(recording, file);
    }

    /** One line of a summary: a thread or package and its share of the working samples. */
    record Share(String name, long samples, double fraction) {}

    /**
     * What the samples show.
     *
     * @param samples    working samples (Java and native, waits left out)
     * @param byThread   thread names with client ids and numbers left out, most samples first
     * @param byPackage  package of the running method, most samples first
     * @param byFrame    running method, most samples first
     */
    record Summary(long samples, List<Share> byThread, List<Share> byPackage, List<Share> byFrame) {

        /** Appends the three tables to {@code report}. */
        void appendTo(Report report, String what) {
            report.paragraph(
                    "CPU profile of %s, taken in a second run of that row (the profiler slows the row it watches, so the row's figures come from an unprofiled run; JDK Flight Recorder, every thread of this JVM "
                            + "sampled every %d ms: %,d samples of threads at work, Java or native; waits in poll, accept, "
                            + "park and sleep left out). Where the time went, by thread and by the package and method running "
                            + "when sampled:",
                    what, PERIOD.toMillis(), samples);
            report.table(List.of("thread", "share"), rows(byThread));
            report.table(List.of("package", "share"), rows(byPackage));
            report.table(List.of("method", "share"), rows(byFrame));
        }

        private static List<List<String>> rows(List<Share> shares) {
            return shares.stream()
                    .map(s -> List.of("`" + s.name() + "`", String.format(Locale.ROOT, "%.1f %%", 100 * s.fraction())))
                    .toList();
        }
    }

    /** Stops the recording and summarises it. */
    Summary stop() {
        recording.stop();
        try {
            recording.dump(file);
            Map<String, Long> threads = new HashMap<>();
            Map<String, Long> packages = new HashMap<>();
            Map<String, Long> frames = new HashMap<>();
            long samples = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame top = stack.getFrames().get(0);
                String className = top.getMethod().getType().getName();
                String method = className + "." + top.getMethod().getName();
                if (WAITS.contains(method)) {
                    continue;
                }
                samples++;
                String thread = event.getThread("sampledThread") == null
                        ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : threadGroup(thread), 1L, Long::sum);
                int dot = className.lastIndexOf('.');
                packages.merge(dot < 0 ? "(default)" : className.substring(0, dot), 1L, Long::sum);
                frames.merge(method, 1L, Long::sum);
            }
            return new Summary(samples, top(threads, samples), top(packages, samples), top(frames, samples));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flight recording " + file, e);
        }
    }

    /** A thread's name with client ids and numbers left out, so that a pool's threads count as one. */
    private static String threadGroup(String thread) {
        return thread.replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "ID")
                .replaceAll("\\d+", "N");
    }

    private static List<Share> top(Map<String, Long> counts, long total) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .map(e -> new Share(e.getKey(), e.getValue(), total == 0 ? 0 : (double) e.getValue() / total))
                .toList();
    }

    @Override
    public void close() {
        recording.close();
    }
}
