package io.seqgate.bench;

import io.seqgate.devstack.chaos.ProcessorProcess;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Section 9: camera photos through the whole pipeline, the processor in a JVM of its own with the
 * production defaults (32 workers, the sink's memory budget at half the heap), once at {@code -Xmx1g} and
 * once at the JVM's default heap; Kafka and S3 are embedded in the bench's JVM. A burst of 12 MP
 * photo-like JPEGs is uploaded as fast as one client puts them, and the photos per second it is done in
 * are held against what plain ImageIO decodes and encodes of the same photos per second on one thread,
 * times the cores: the most the machine could do if it did nothing else. Also shown: how much heap the
 * processor used at most (from its GC log) and how long its jobs waited for memory.
 */
final class PhotoThroughput implements Section {

    static final double TARGET = 0.8;

    /** A 12 MP camera's frame. */
    private static final int WIDTH = 4000;

    private static final int HEIGHT = 3000;
    private static final int BASE_PHOTOS = 96;
    /** Distinct pictures, each uploaded under several keys: drawing one takes seconds. */
    private static final int DISTINCT = 4;

    private static final Duration BASE_ROUND = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern HEAP_LINE = Pattern.compile("Sink memory budget (\\d+) MiB .*heap (\\d+) MiB");

    /** A heap to run the processor with. */
    private record Heap(String name, List<String> jvmOptions) {}

    private static final List<Heap> HEAPS =
            List.of(new Heap("1 GB (`-Xmx1g`)", List.of("-Xmx1g")), new Heap("the JVM's default", List.of()));

    /** What one heap's run measured. */
    private record Run(
            Heap heap,
            int photos,
            long done,
            long failed,
            Duration took,
            long peakHeapBytes,
            long maxHeapMiB,
            long budgetMiB,
            double waitedSeconds,
            long waits,
            long processorCpuNanos,
            long stackCpuNanos) {

        double photosPerSecond() {
            return photos / (took.toNanos() / 1e9);
        }

        /** CPU milliseconds per photo of the processor's JVM over the timed uploads. */
        double processorMsPerPhoto() {
            return processorCpuNanos / 1e6 / photos;
        }

        /** CPU milliseconds per photo of the bench's JVM: the broker, the S3 server and the client. */
        double stackMsPerPhoto() {
            return stackCpuNanos / 1e6 / photos;
        }
    }

    @Override
    public String name() {
        return "photos";
    }

    @Override
    public String title() {
        return "8. Photos: throughput and memory at 1 GB and at the default heap";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int photos = context.options().scaled(BASE_PHOTOS, 2);
        List<byte[]> jpegs = new ArrayList<>();
        for (int n = 0; n < DISTINCT; n++) {
            jpegs.add(Pictures.encode(Pictures.photo(WIDTH, HEIGHT, 100 + n), "jpg"));
        }
        context.progress(
                "%d photos of %d×%d px, %s bytes",
                DISTINCT,
                WIDTH,
                HEIGHT,
                jpegs.stream().map(j -> String.valueOf(j.length)).toList());
        double imageIo = imageIoRate(context, jpegs);
        int cores = Runtime.getRuntime().availableProcessors();
        context.progress("plain ImageIO: %.2f photos/s on one thread, %d cores", imageIo, cores);
        List<Run> runs = new ArrayList<>();
        for (Heap heap : HEAPS) {
            runs.add(measure(context, heap, jpegs, photos));
        }
        report(context, jpegs, photos, imageIo, cores, runs);
    }

    /** Photos per second plain ImageIO decodes and encodes on one thread: the median of rounds after a warm-up. */
    private static double imageIoRate(BenchContext context, List<byte[]> jpegs) {
        Duration round = context.options().scaled(BASE_ROUND, Duration.ofMillis(100));
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r <= context.options().rounds(); r++) {
            long start = System.nanoTime();
            long end = start + round.toNanos();
            long count = 0;
            long now;
            do {
                BenchImages.imageIoRoundTrip(jpegs.get((int) (count % jpegs.size())), "jpg");
                count++;
                now = System.nanoTime();
            } while (now < end);
            if (r > 0) { // the first round warms up
                rates.add(count * 1e9 / (now - start));
            }
        }
        return Report.median(rates);
    }

    private Run measure(BenchContext context, Heap heap, List<byte[]> jpegs, int photos) throws IOException {
        context.progress("%d photos, heap %s", photos, heap.name());
        String app = "bench-photos-" + (heap.jvmOptions().isEmpty() ? "default" : "1g");
        Path gcLog = context.workDir().resolve(app + "-gc.log");
        Path log = context.workDir().resolve(app + ".log");
        List<String> jvm = new ArrayList<>(heap.jvmOptions());
        jvm.add("-Xlog:gc:file=" + gcLog);
        try (DevStack stack = DevStack.builder().start();
                S3Client s3 = stack.newS3Client();
                OutcomeWatcher outcomes = new OutcomeWatcher(
                        stack.bootstrapServers(), stack.config().outcomesTopic());
                ProcessorProcess processor = new ProcessorProcess(
                        app,
                        System.getProperty("java.class.path"),
                        BenchProcessor.environment(stack, app, context.newDir("photos-")),
                        log,
                        jvm)) {
            processor.start();
            long readyBy = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!processor.ready()) {
                if (!processor.isAlive() || System.nanoTime() > readyBy) {
                    throw new IllegalStateException("the processor did not become ready; see " + log);
                }
                Pause.millis(250);
            }
            // Warm-up, not timed: the processor's JIT meets each picture once.
            for (int n = 0; n < jpegs.size(); n++) {
                put(s3, stack.inputBucket(), "warm-up/" + n + ".jpg", jpegs.get(n));
            }
            await(context, outcomes, jpegs.size(), System.nanoTime() + TIMEOUT.toNanos());
            long doneBefore = outcomes.count(Decision.DONE);
            long failedBefore = outcomes.count(Decision.FAILED);
            long processorCpuBefore = processor.cpuNanos();
            long stackCpuBefore = processCpuNanos();
            long start = System.nanoTime();
            for (int n = 0; n < photos; n++) {
                put(s3, stack.inputBucket(), "photos/" + n + ".jpg", jpegs.get(n % jpegs.size()));
            }
            await(context, outcomes, jpegs.size() + photos, start + TIMEOUT.toNanos());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long processorCpu = processor.cpuNanos() - processorCpuBefore;
            long stackCpu = processCpuNanos() - stackCpuBefore;
            String scrape = processor.get("/metrics");
            String processorLog = Files.readString(log);
            Matcher heapLine = HEAP_LINE.matcher(processorLog);
            boolean found = heapLine.find();
            Run run = new Run(
                    heap,
                    photos,
                    outcomes.count(Decision.DONE) - doneBefore,
                    outcomes.count(Decision.FAILED) - failedBefore,
                    took,
                    peakHeap(gcLog),
                    found ? Long.parseLong(heapLine.group(2)) : -1,
                    found ? Long.parseLong(heapLine.group(1)) : -1,
                    sample(scrape, "seqgate_sink_memory_wait_seconds_sum"),
                    (long) sample(scrape, "seqgate_sink_memory_wait_seconds_count"),
                    processorCpu,
                    stackCpu);
            context.progress(
                    "  %.2f photos/s, %d DONE, %d FAILED, peak heap %d MiB of %d, %.1f s waiting for memory;"
                            + " CPU per photo: processor %.0f ms, Kafka + S3 + client %.0f ms",
                    run.photosPerSecond(),
                    run.done(),
                    run.failed(),
                    run.peakHeapBytes() >> 20,
                    run.maxHeapMiB(),
                    run.waitedSeconds(),
                    run.processorMsPerPhoto(),
                    run.stackMsPerPhoto());
            return run;
        }
    }

    /** CPU time of this JVM so far: the embedded broker and S3 server, and the uploading client. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void put(S3Client s3, String bucket, String key, byte[] jpeg) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(BenchImages.JPEG), RequestBody.fromBytes(jpeg));
    }

    private static void await(BenchContext context, OutcomeWatcher outcomes, long expected, long deadline) {
        while (!outcomes.awaitTotal(expected, Math.min(deadline, System.nanoTime() + 10_000_000_000L))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + outcomes.total() + " of " + expected + " outcomes");
            }
            context.progress("  %d of %d outcomes", outcomes.total(), expected);
        }
    }

    /**
     * The most heap in use right after a collection, from the processor's GC log ({@code -Xlog:gc}): a
     * young or full pause's line reads {@code before->after(capacity)}. Before a pause the heap is as full
     * as the collector let it get, garbage and all; after one it holds what was live, and what the pause
     * did not reach (old objects that died since the last marking).
     */
    static long peakHeap(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = GC_PAUSE.matcher(line);
            if ((line.contains("Pause Young") || line.contains("Pause Full")) && pause.find()) {
                peak = Math.max(peak, bytes(pause.group(3), pause.group(4)));
            }
        }
        return peak;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }

    /** The value of an unlabelled sample in a Prometheus scrape; 0 when it is not there. */
    static double sample(String scrape, String name) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst()
                .orElse(0);
    }

    private void report(
            BenchContext context, List<byte[]> jpegs, int photos, double imageIo, int cores, List<Run> runs) {
        Report report = context.report();
        report.heading(title());
        report.paragraph(
                "%d uploads of %d photo-like JPEGs of %d×%d px (12 MP; %s bytes), put one after the other by one"
                        + " client, after %d warm-up uploads. The processor runs `seqgate run` in a JVM of its own"
                        + " with the production defaults (32 workers, `SEQGATE_SINK_MEMORY` at 50%% of the heap);"
                        + " Kafka and S3 are embedded in the bench's JVM, on the same cores. Photos per second = the"
                        + " uploads ÷ the time from the first upload to the last outcome. Plain ImageIO = `ImageIO.read`"
                        + " + a JPEG write at the transform's quality of the same photos on one thread, %.2f photos/s,"
                        + " times the %d cores: what the machine could do doing nothing else. Peak heap = the most"
                        + " in use right after a young or full collection (`-Xlog:gc`): what was live, and garbage"
                        + " the pause did not reach. Waiting for memory = the sum of"
                        + " `seqgate_sink_memory_wait_seconds` over the run, warm-up included.",
                photos,
                jpegs.size(),
                WIDTH,
                HEIGHT,
                jpegs.stream().map(j -> String.valueOf(j.length)).toList(),
                jpegs.size(),
                imageIo,
                cores);
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            double ratio = run.photosPerSecond() / (imageIo * cores);
            rows.add(List.of(
                    run.heap().name(),
                    run.maxHeapMiB() + " MiB / " + run.budgetMiB() + " MiB",
                    run.done() + " / " + run.failed(),
                    String.format(Locale.ROOT, "%.2f", run.photosPerSecond()),
                    Report.ratio(ratio),
                    (run.peakHeapBytes() >> 20) + " MiB",
                    String.format(Locale.ROOT, "%.1f s over %d jobs", run.waitedSeconds(), run.waits()),
                    String.format(Locale.ROOT, "%.0f ms", run.processorMsPerPhoto()),
                    String.format(Locale.ROOT, "%.0f ms", run.stackMsPerPhoto())));
            report.target(Target.atLeast(
                    "photos ÷ (plain ImageIO × cores), heap " + run.heap().name(),
                    "≥ " + TARGET,
                    ratio,
                    TARGET,
                    Report.ratio(ratio)));
            report.target(Target.atMost(
                    "photos FAILED, heap " + run.heap().name(), "0", run.failed(), 0, String.valueOf(run.failed())));
        }
        report.table(
                List.of(
                        "heap",
                        "max heap / memory budget",
                        "DONE / FAILED",
                        "photos/s",
                        "÷ (ImageIO × cores)",
                        "peak heap after a collection",
                        "waiting for memory",
                        "CPU per photo: processor",
                        "CPU per photo: Kafka, S3, client"),
                rows);
        Run lead = runs.get(0);
        double imageIoMs = 1000 / imageIo;
        double perPhoto = lead.processorMsPerPhoto() + lead.stackMsPerPhoto();
        report.paragraph(
                "CPU per photo is each JVM's CPU time over the timed uploads ÷ the photos (the processor's from"
                        + " the OS, the bench's from its own counter). Plain ImageIO spends %.0f ms of CPU on a photo;"
                        + " at %s the processor spent %.0f ms (the same decode and encode, plus reading and writing"
                        + " the photo through the S3 client, the invert, its garbage collection) and the bench's JVM"
                        + " %.0f ms more for the embedded S3 server, the broker and the uploading client — together"
                        + " %.0f ms, so %d cores can do at most %.1f photos/s, %.2f of plain ImageIO × cores, before any"
                        + " waiting. The embedded stack's share is CPU a deployment spends elsewhere (S3 is a service);"
                        + " the processor's own share is what a pod pays.",
                imageIoMs,
                lead.heap().name(),
                lead.processorMsPerPhoto(),
                lead.stackMsPerPhoto(),
                perPhoto,
                cores,
                cores * 1000 / perPhoto,
                cores * 1000 / perPhoto / (imageIo * cores));
    }
}
