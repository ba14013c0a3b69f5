package io.seqgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU milliseconds per object of an external {@code seqgate dev} over one measurement: the processor's
 * own threads first, split into what they did, then the embedded S3 server, the broker and the rest
 * of the JVM beside them, and the client (this JVM) last.
 *
 * <p>Each thread group's CPU time is exact ({@code ThreadMXBean}, summed by thread name). Within the
 * stream threads and the sink workers the split is by Flight Recorder samples of the same threads
 * (taken at another time — the end of the warm-up — so that sampling costs the measurement nothing):
 * each group's time is divided in the proportions of its samples.
 */
final class CpuBreakdown {

    /** Who did the work: the processor's parts, then what shares the dev JVM with it. */
    enum Part {
        TOPOLOGY("processor", "stream threads: parse, gate, sink bookkeeping, state stores"),
        STREAMS("processor", "stream threads: Kafka Streams and its clients (poll, send, commit)"),
        TRANSFORM("processor", "sink workers: transform (decode, invert, encode)"),
        S3_CALLS("processor", "sink workers: S3 calls (AWS SDK, HTTP client)"),
        SINK_OTHER("processor", "sink workers: the rest"),
        PROCESSOR_CLIENTS("processor", "the processor's Kafka client threads (producer I/O, heartbeat, restore)"),
        S3_SERVER("dev stack", "embedded S3 server (S3Proxy's Jetty threads, the store, the notifier's hook)"),
        BROKER("dev stack", "Kafka broker"),
        NOTIFIER("dev stack", "notifier (MinIO-shaped events, its producer)"),
        OTHER_THREADS("dev stack", "other Java threads (HTTP API, metrics, SDK timers)"),
        JVM("dev stack", "the JVM's own threads (GC, JIT compiler, VM)");

        final String side;
        final String text;

        Part(String side, String text) {
            this.side = side;
            this.text = text;
        }
    }

    private final Map<Part, Long> nanos;
    private final long objects;
    private final long clientNanos;

    private CpuBreakdown(Map<Part, Long> nanos, long objects, long clientNanos) {
        this.nanos = nanos;
        this.objects = objects;
        this.clientNanos = clientNanos;
    }

    /**
     * @param before      the dev JVM at the start of the measurement
     * @param after       the dev JVM at its end
     * @param samples     a recording of the dev JVM's threads at work, for the splits; empty for none
     * @param objects     outcomes recorded over the measurement
     * @param clientNanos CPU time of the client JVM over the measurement
     */
    static CpuBreakdown of(
            RemoteCpu.Snapshot before,
            RemoteCpu.Snapshot after,
            Optional<Path> samples,
            long objects,
            long clientNanos) {
        Splits splits = samples.map(CpuBreakdown::splits).orElseGet(Splits::new);
        Map<Part, Long> nanos = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            nanos.put(part, 0L);
        }
        long javaThreads = 0;
        for (Map.Entry<String, Long> thread : after.threadNanosSince(before).entrySet()) {
            long used = thread.getValue();
            javaThreads += used;
            switch (group(thread.getKey())) {
                case STREAM -> {
                    splits.divide(used, splits.stream, Part.STREAMS, nanos);
                }
                case SINK -> {
                    splits.divide(used, splits.sink, Part.SINK_OTHER, nanos);
                }
                case PROCESSOR_CLIENTS -> nanos.merge(Part.PROCESSOR_CLIENTS, used, Long::sum);
                case S3_SERVER -> nanos.merge(Part.S3_SERVER, used, Long::sum);
                case BROKER -> nanos.merge(Part.BROKER, used, Long::sum);
                case NOTIFIER -> nanos.merge(Part.NOTIFIER, used, Long::sum);
                case OTHER -> nanos.merge(Part.OTHER_THREADS, used, Long::sum);
            }
        }
        nanos.put(Part.JVM, Math.max(0, after.processNanos() - before.processNanos() - javaThreads));
        return new CpuBreakdown(nanos, objects, clientNanos);
    }

    enum Group {
        STREAM,
        SINK,
        PROCESSOR_CLIENTS,
        S3_SERVER,
        BROKER,
        NOTIFIER,
        OTHER
    }

    /** The dev command's processor has application id {@code seqgate-dev}: its clients' ids start with it. */
    static Group group(String thread) {
        if (thread.contains("seqgate-devstack-notifier")) {
            return Group.NOTIFIER;
        }
        if (thread.contains("-StreamThread-") && !thread.startsWith("kafka-producer-network-thread")) {
            return Group.STREAM;
        }
        if (thread.startsWith("seqgate-sink-")) {
            return Group.SINK;
        }
        if (thread.contains("seqgate-dev")) {
            return Group.PROCESSOR_CLIENTS;
        }
        if (thread.startsWith("S3Proxy")) {
            return Group.S3_SERVER;
        }
        for (String broker : BROKER_THREADS) {
            if (thread.startsWith(broker)) {
                return Group.BROKER;
            }
        }
        return Group.OTHER;
    }

    /** How the embedded broker (KafkaRaftServer, broker and controller in one) names its threads. */
    private static final List<String> BROKER_THREADS = List.of(
            "data-plane-",
            "kafka-",
            "raft-",
            "quorum-controller",
            "group-coordinator",
            "share-",
            "transaction-",
            "TxnMarkerSenderThread",
            "AddPartitionsToTxnSenderThread",
            "ExpirationReaper",
            "executor-",
            "broker-",
            "controller-",
            "LogDirFailureHandler",
            "ThrottledChannelReaper",
            "client-metrics-reaper",
            "metrics-meter-tick-thread",
            "log-cleaner",
            "persister-");

    /** Sample counts per part, for the stream threads and the sink workers. */
    private static final class Splits {
        final Map<Part, Long> stream = new EnumMap<>(Part.class);
        final Map<Part, Long> sink = new EnumMap<>(Part.class);

        /** Adds {@code used} to the parts in {@code shares}' proportions, all to {@code fallback} without samples. */
        void divide(long used, Map<Part, Long> shares, Part fallback, Map<Part, Long> into) {
            long total = shares.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) {
                into.merge(fallback, used, Long::sum);
                return;
            }
            shares.forEach((part, count) -> into.merge(part, used * count / total, Long::sum));
        }
    }

    private static Splits splits(Path recording) {
        Splits splits = new Splits();
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                if (thread == null
                        || thread.getJavaName() == null
                        || stack == null
                        || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame top = stack.getFrames().get(0);
                if (CpuProfile.WAITS.contains(top.getMethod().getType().getName() + "."
                        + top.getMethod().getName())) {
                    continue;
                }
                Group group = group(thread.getJavaName());
                if (group == Group.STREAM) {
                    splits.stream.merge(mentions(stack, "io.seqgate.") ? Part.TOPOLOGY : Part.STREAMS, 1L, Long::sum);
                } else if (group == Group.SINK) {
                    Part part = mentions(stack, "io.seqgate.sink.MeteredTransform")
                            ? Part.TRANSFORM
                            : mentions(stack, "software.amazon.awssdk.") || mentions(stack, "org.apache.hc.")
                                    ? Part.S3_CALLS
                                    : Part.SINK_OTHER;
                    splits.sink.merge(part, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flight recording " + recording, e);
        }
        return splits;
    }

    /** Whether a frame of the stack runs a method of a class whose name starts with {@code prefix}. */
    private static boolean mentions(RecordedStackTrace stack, String prefix) {
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod().getType().getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    double perObject(Part part) {
        return millisPerObject(nanos.get(part));
    }

    /** The processor's own threads, in ms per object. */
    double processor() {
        return millisPerObject(sum("processor"));
    }

    /** The whole dev JVM, in ms per object. */
    double devJvm() {
        return millisPerObject(sum("processor") + sum("dev stack"));
    }

    double client() {
        return millisPerObject(clientNanos);
    }

    private long sum(String side) {
        return nanos.entrySet().stream()
                .filter(e -> e.getKey().side.equals(side))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private double millisPerObject(long n) {
        return objects == 0 ? 0 : n / 1e6 / objects;
    }

    /** One row per part: what, CPU ms per object, share of the dev JVM; then the totals and the client. */
    List<List<String>> rows() {
        double all = devJvm();
        List<List<String>> rows = new ArrayList<>();
        for (Part part : Part.values()) {
            if (part == Part.S3_SERVER) {
                rows.add(row("**processor, all of the above**", processor(), all));
            }
            rows.add(row(part.text, perObject(part), all));
        }
        rows.add(row("**the dev JVM, all of it**", all, all));
        rows.add(List.of(
                "the client's JVM (uploads through the SDK, outcome reader)",
                String.format(Locale.ROOT, "%.2f", client()),
                "-"));
        return rows;
    }

    private static List<String> row(String what, double perObject, double all) {
        return List.of(
                what,
                String.format(Locale.ROOT, "%.2f", perObject),
                all <= 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * perObject / all));
    }
}
