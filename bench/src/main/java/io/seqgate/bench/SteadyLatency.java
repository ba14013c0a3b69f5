package io.seqgate.bench;

import io.seqgate.devstack.stack.DevStack;
import java.awt.Color;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sections 3 and 4: end-to-end latency at a steady upload rate. 256 px PNGs are PUT through S3 at
 * a fixed rate (each a new object); latency is from the PUT returning to the object's DONE outcome
 * being readable on the outcomes topic (committed). Every sink is run with coordination off and on,
 * each on a fresh stack, after a short warm-up at the same rate. Section 4 puts a latency proxy
 * between the processor and S3, so that each of the sink's calls pays a real round trip; the
 * uploads go to S3 directly.
 *
 * <p>This class runs the stacks and measures the rows; {@link SteadyLatencyReport} writes them into the
 * report.
 */
final class SteadyLatency implements Section {

    private static final Duration BASE_DURATION = Duration.ofSeconds(15);
    private static final Duration BASE_WARM_UP = Duration.ofSeconds(3);
    /** How long the warm-up's objects get to finish, so that the measurement starts from an empty queue when it can. */
    private static final Duration BASE_WARM_UP_DRAIN = Duration.ofSeconds(30);
    /** The least time given to objects to finish after the last PUT (scaled, so a smoke run does not wait it out). */
    private static final Duration BASE_MIN_DRAIN = Duration.ofSeconds(10);

    record Point(
            int rate,
            SinkVariant sink,
            boolean coordination,
            int objects,
            double uploadRate,
            double achieved,
            Distribution latency,
            int failedUploads,
            GcTime gc,
            String slowestSplit,
            CpuProfile.Summary profile) {

        Point withProfile(CpuProfile.Summary profileOfARepeat) {
            return new Point(
                    rate,
                    sink,
                    coordination,
                    objects,
                    uploadRate,
                    achieved,
                    latency,
                    failedUploads,
                    gc,
                    slowestSplit,
                    profileOfARepeat);
        }
    }

    /**
     * The external stack is a fresh JVM: on two cores its JIT compiler works for tens of seconds under
     * load, and until it is done every part costs two to three times the CPU it costs later (a cold
     * {@code seqgate dev} used 16 ms of CPU per object at 100/s, a warm one 7). Warming up at the measured
     * rate is not enough when that rate saturates the cold JVM: every thread then stays runnable and the
     * compiler threads get a share too small to finish (a flight recording at 100/s after a minute's warm-up
     * found 369 of 436 sink-worker samples still in interpreted frames, and a third of the compilations of a
     * 50/s warm-up). So, as a service that has run a while, it first runs at half the rate for two thirds of
     * the warm-up, then at the row's rate for the last third, which is sampled for the CPU split.
     */
    private static final Duration EXTERNAL_WARM_UP = Duration.ofSeconds(90);

    private static final Duration EXTERNAL_WARM_UP_DRAIN = Duration.ofSeconds(60);
    /** Longer than in-process, so that one stall weighs less in the figures of a row. */
    private static final Duration EXTERNAL_DURATION = Duration.ofSeconds(30);
    /** JFR's sampling period for the CPU split (in the warm-up, never in a measurement). */
    static final int SAMPLE_PERIOD_MS = 20;

    private final String name;
    private final String title;
    private final List<Integer> rates;
    private final List<Integer> externalRates;
    private final Duration oneWayDelay;
    private final Goal goal;
    private final SteadyLatencyReport report;

    /**
     * A target for this section: at {@code rate}, at least {@code minRate} achieved (none when 0) with
     * p99 under {@code maxP99}.
     */
    record Goal(int rate, double minRate, Duration maxP99) {}

    private SteadyLatency(
            String name,
            String title,
            List<Integer> rates,
            List<Integer> externalRates,
            Duration oneWayDelay,
            Goal goal,
            List<Goal> externalGoals) {
        this.name = name;
        this.title = title;
        this.rates = List.copyOf(rates);
        this.externalRates = List.copyOf(externalRates);
        this.oneWayDelay = oneWayDelay;
        this.goal = goal;
        this.report = new SteadyLatencyReport(title, oneWayDelay, goal, externalGoals);
    }

    /** Section 3: S3 in the same JVM, 100 and 200 objects/s. */
    static SteadyLatency local() {
        return new SteadyLatency(
                "latency",
                "3. End-to-end latency at a steady rate",
                List.of(100, 200),
                List.of(50, 100),
                Duration.ZERO,
                new Goal(100, 95, Duration.ofMillis(500)),
                List.of(new Goal(100, 95, Duration.ofMillis(500)), new Goal(50, 0, Duration.ofMillis(250))));
    }

    /** Section 4: 15 ms each way between the processor and S3, 50 objects/s. */
    static SteadyLatency remote() {
        return new SteadyLatency(
                "remote",
                "4. End-to-end latency with a 30 ms S3 round trip",
                List.of(50),
                List.of(50),
                Duration.ofMillis(15),
                new Goal(50, 45, Duration.ofSeconds(1)),
                List.of(new Goal(50, 45, Duration.ofSeconds(1))));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return title;
    }

    /** What this section writes into BENCHMARKS.md. */
    SteadyLatencyReport report() {
        return report;
    }

    @Override
    public void run(BenchContext context) throws Exception {
        byte[] picture = BenchImages.drawing(256, new Color(70, 140, 225), "PNG");
        Duration duration = context.options().scaled(BASE_DURATION, Duration.ofSeconds(1));
        Duration warmUp = context.options().scaled(BASE_WARM_UP, Duration.ofMillis(500));
        Duration minDrain = context.options().scaled(BASE_MIN_DRAIN, Duration.ofSeconds(2));
        Duration warmUpDrain = context.options().scaled(BASE_WARM_UP_DRAIN, Duration.ofSeconds(2));
        SinkVariant newest = newest(context.options().sinks());
        List<ExternalPoint> external = new ArrayList<>();
        if (context.options().runs(BenchOptions.EXTERNAL)) {
            Duration externalDuration = context.options().scaled(EXTERNAL_DURATION, Duration.ofSeconds(2));
            Duration externalWarmUp = context.options().scaled(EXTERNAL_WARM_UP, Duration.ofSeconds(2));
            Duration externalWarmUpDrain = context.options().scaled(EXTERNAL_WARM_UP_DRAIN, Duration.ofSeconds(5));
            for (int rate : externalRates) {
                external.add(measureExternal(
                        context,
                        rate,
                        newest,
                        externalDuration,
                        externalWarmUp,
                        externalWarmUpDrain,
                        minDrain,
                        picture));
            }
            report.external(context.report(), external, externalDuration, externalWarmUp, picture.length, newest);
        }
        if (!context.options().runs(BenchOptions.IN_PROCESS)) {
            return;
        }
        List<Point> points = new ArrayList<>();
        for (int rate : rates) {
            for (SinkVariant sink : context.options().sinks()) {
                for (boolean coordination : new boolean[] {false, true}) {
                    Point point = measure(
                            context, rate, sink, coordination, duration, warmUp, warmUpDrain, minDrain, picture, false);
                    // The target's row is profiled, so that a miss comes with where the time went; in a run
                    // of its own, because the profiler costs the row it watches (JFR sampling every thread
                    // each 10 ms took the 30 ms round-trip row from 49.2 to 43.1 objects/s and its p99 from
                    // 0.33 to 5.6 s): the row's figures come from the unprofiled run.
                    if (rate == goal.rate() && coordination && sink.equals(newest)) {
                        Point profiled = measure(
                                context,
                                rate,
                                sink,
                                coordination,
                                duration,
                                warmUp,
                                warmUpDrain,
                                minDrain,
                                picture,
                                true);
                        point = point.withProfile(profiled.profile());
                    }
                    points.add(point);
                }
            }
        }
        report.inProcess(
                context.report(),
                context.options().runs(BenchOptions.EXTERNAL),
                points,
                context.options().sinks(),
                duration,
                warmUp,
                warmUpDrain,
                drain(duration, minDrain),
                picture.length);
    }

    private Point measure(
            BenchContext context,
            int rate,
            SinkVariant sink,
            boolean coordination,
            Duration duration,
            Duration warmUp,
            Duration warmUpDrain,
            Duration minDrain,
            byte[] picture,
            boolean profiled)
            throws Exception {
        String label =
                String.format(Locale.ROOT, "%d/s, %s sink, coordination %s", rate, sink.name(), onOff(coordination));
        context.progress("%s: warm-up %s, then %s", label, Report.duration(warmUp), Report.duration(duration));
        try (DevStack stack = DevStack.builder().start();
                LatencyProxy proxy =
                        oneWayDelay.isZero() ? null : LatencyProxy.start(stack.s3Endpoint(), oneWayDelay)) {
            Map<String, String> settings = new HashMap<>(sink.settings());
            settings.put("SEQGATE_COORDINATION", onOff(coordination));
            if (proxy != null) {
                settings.put("SEQGATE_S3_ENDPOINT", proxy.endpoint().toString());
            }
            String run = name + "-" + rate + "-" + sink.name() + "-" + onOff(coordination);
            try (BenchProcessor processor =
                    BenchProcessor.start(stack, run, context.newDir(name + "-"), settings, UnaryOperator.identity())) {
                OutcomeWatcher outcomes = processor.outcomes();
                S3Client s3 = processor.s3();
                List<String> warmKeys = keys("warm-up/", count(rate, warmUp));
                SteadyUploader.upload(s3, stack.inputBucket(), warmKeys, picture, BenchImages.PNG, rate);
                outcomes.awaitDone(warmKeys, System.nanoTime() + warmUpDrain.toNanos());

                List<String> keys = keys("measured/", count(rate, duration));
                CpuProfile profile = profiled
                        ? CpuProfile.start(context.newDir(name + "-jfr-").resolve(run + ".jfr"))
                        : null;
                GcTime gcBefore = GcTime.now();
                SteadyUploader.Result uploads =
                        SteadyUploader.upload(s3, stack.inputBucket(), keys, picture, BenchImages.PNG, rate);
                Duration drain = drain(duration, minDrain);
                long deadline = System.nanoTime() + drain.toNanos();
                boolean allDone = outcomes.awaitDone(keys, deadline);
                GcTime gc = GcTime.now().since(gcBefore);
                CpuProfile.Summary summary = null;
                if (profile != null) {
                    try (profile) {
                        summary = profile.stop();
                    }
                }
                Latencies measured = Latencies.of(keys, uploads, outcomes, allDone, deadline, drain);
                context.progress(
                        "%s: achieved %.1f/s, p50 %s, p99 %s%s; GC %s",
                        label,
                        measured.achieved(),
                        measured.distribution().quantileText(0.5),
                        measured.distribution().quantileText(0.99),
                        measured.missing(),
                        gc.text());
                return new Point(
                        rate,
                        sink,
                        coordination,
                        keys.size(),
                        uploads.rate(),
                        measured.achieved(),
                        measured.distribution(),
                        uploads.failed(),
                        gc,
                        measured.slowestSplit(),
                        summary);
            }
        }
    }

    /** One row of the external stack: {@code ./seqgate dev} in its own JVM, driven from this one. */
    record ExternalPoint(
            int rate,
            SinkVariant sink,
            int objects,
            double uploadRate,
            Latencies measured,
            int failedUploads,
            CpuBreakdown cpu) {}

    private ExternalPoint measureExternal(
            BenchContext context,
            int rate,
            SinkVariant sink,
            Duration duration,
            Duration warmUp,
            Duration warmUpDrain,
            Duration minDrain,
            byte[] picture)
            throws Exception {
        String label = String.format(Locale.ROOT, "external seqgate dev, %d/s, %s sink", rate, sink.name());
        context.progress("%s: warm-up %s, then %s", label, Report.duration(warmUp), Report.duration(duration));
        ExternalDev.Ports ports = ExternalDev.Ports.free();
        try (LatencyProxy proxy = oneWayDelay.isZero() ? null : LatencyProxy.start(ports.s3Endpoint(), oneWayDelay)) {
            // The dev command's own defaults, as a user gets them: no sink settings of the bench's.
            Map<String, String> settings = new HashMap<>();
            settings.put("SEQGATE_COORDINATION", "on");
            if (proxy != null) {
                settings.put("SEQGATE_S3_ENDPOINT", proxy.endpoint().toString());
            }
            Path dir = context.newDir(name + "-dev-");
            try (ExternalDev dev = ExternalDev.start(ports, settings, dir);
                    RemoteCpu cpu = RemoteCpu.attach(dev.pid());
                    S3Client s3 = dev.newS3Client();
                    OutcomeWatcher outcomes = new OutcomeWatcher(dev.bootstrapServers(), dev.outcomesTopic())) {
                // Two thirds of the warm-up at half the rate, so that the JIT finishes; its last third, at the
                // row's rate, is sampled for the split of the CPU time measured below.
                Duration ramp = warmUp.multipliedBy(2).dividedBy(3);
                int halfRate = Math.max(1, rate / 2);
                List<String> rampKeys = keys("warm-up/half-", count(halfRate, ramp));
                List<String> fullKeys = keys("warm-up/full-", count(rate, warmUp.minus(ramp)));
                SteadyUploader.upload(s3, dev.inputBucket(), rampKeys, picture, BenchImages.PNG, halfRate);
                long recording = cpu.startSampling(SAMPLE_PERIOD_MS);
                SteadyUploader.upload(s3, dev.inputBucket(), fullKeys, picture, BenchImages.PNG, rate);
                Path samples = dir.resolve("warm-up.jfr");
                cpu.stopSampling(recording, samples);
                List<String> warmKeys = new ArrayList<>(rampKeys);
                warmKeys.addAll(fullKeys);
                outcomes.awaitDone(warmKeys, System.nanoTime() + warmUpDrain.toNanos());

                List<String> keys = keys("measured/", count(rate, duration));
                RemoteCpu.Snapshot before = cpu.snapshot();
                long clientBefore = processCpuNanos();
                long outcomesBefore = outcomes.total();
                SteadyUploader.Result uploads =
                        SteadyUploader.upload(s3, dev.inputBucket(), keys, picture, BenchImages.PNG, rate);
                Duration drain = drain(duration, minDrain);
                long deadline = System.nanoTime() + drain.toNanos();
                boolean allDone = outcomes.awaitDone(keys, deadline);
                RemoteCpu.Snapshot after = cpu.snapshot();
                long clientNanos = processCpuNanos() - clientBefore;
                // Per outcome recorded meanwhile: a backlog the warm-up left is work done in this window too.
                long recorded = outcomes.total() - outcomesBefore;
                Latencies measured = Latencies.of(keys, uploads, outcomes, allDone, deadline, drain);
                CpuBreakdown breakdown = CpuBreakdown.of(before, after, Optional.of(samples), recorded, clientNanos);
                context.progress(
                        "%s: achieved %.1f/s, p50 %s, p99 %s%s; CPU per object: processor %.2f ms, dev JVM %.2f ms,"
                                + " client %.2f ms",
                        label,
                        measured.achieved(),
                        measured.distribution().quantileText(0.5),
                        measured.distribution().quantileText(0.99),
                        measured.missing(),
                        breakdown.processor(),
                        breakdown.devJvm(),
                        breakdown.client());
                return new ExternalPoint(
                        rate, sink, keys.size(), uploads.rate(), measured, uploads.failed(), breakdown);
            }
        }
    }

    /** CPU time of this JVM, the client's, so far. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** What one measurement's uploads and outcomes come to. */
    record Latencies(double achieved, Distribution distribution, String slowestSplit) {

        static Latencies of(
                List<String> keys,
                SteadyUploader.Result uploads,
                OutcomeWatcher outcomes,
                boolean allDone,
                long deadline,
                Duration drain) {
            long end = allDone ? outcomes.lastDone(keys) : deadline;
            List<Long> latencies = new ArrayList<>();
            Map<String, Long> latencyOf = new HashMap<>();
            int missing = 0;
            for (String key : keys) {
                OptionalLong done = outcomes.doneAt(key);
                Long returned = uploads.returnedAt().get(key);
                if (done.isPresent() && returned != null) {
                    long latency = Math.max(0, done.getAsLong() - returned);
                    latencies.add(latency);
                    latencyOf.put(key, latency);
                } else {
                    missing++;
                }
            }
            double achieved = latencies.size() * 1e9 / Math.max(1, end - uploads.firstStart());
            Distribution distribution = Distribution.of(
                    latencies.stream().mapToLong(Long::longValue).toArray(), missing, drain.toNanos());
            return new Latencies(
                    achieved, distribution, SteadyLatency.slowestSplit(latencyOf, uploads.returnedAt(), outcomes));
        }

        String missing() {
            return distribution.missing() > 0 ? ", " + distribution.missing() + " not done after the drain" : "";
        }
    }

    /**
     * Where the slowest 1 % of the done objects spent their time, as medians over them: PUT returned →
     * the gate's decision (the notification's way to Kafka and through the stream thread), decision →
     * the sink's completion, completion → the DONE outcome read (the commit of its transaction and the
     * read_committed fetch). Tells a stall of the sink from one of Kafka's commits or of delivery.
     */
    private static String slowestSplit(
            Map<String, Long> latencyOf, Map<String, Long> returnedAtNanos, OutcomeWatcher outcomes) {
        if (latencyOf.isEmpty()) {
            return "-";
        }
        // nanoTime has no epoch: one reading of both clocks turns a PUT's return into wall-clock ms.
        long wallMinusNanoMs = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        List<String> slowest = latencyOf.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(Math.max(1, latencyOf.size() / 100))
                .map(Map.Entry::getKey)
                .toList();
        List<Long> toGate = new ArrayList<>();
        List<Long> sink = new ArrayList<>();
        List<Long> toReader = new ArrayList<>();
        for (String key : slowest) {
            outcomes.timing(key).ifPresent(t -> {
                long putMs = returnedAtNanos.get(key) / 1_000_000 + wallMinusNanoMs;
                toGate.add(t.decidedAtMs() - putMs);
                sink.add(t.completedAtMs() - t.decidedAtMs());
                toReader.add(t.readAtMs() - t.completedAtMs());
            });
        }
        if (toGate.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d / %d / %d ms", median(toGate), median(sink), median(toReader));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** How long objects get to finish after the last PUT: as long as the uploads took, at least {@code minDrain}. */
    private static Duration drain(Duration duration, Duration minDrain) {
        return duration.compareTo(minDrain) > 0 ? duration : minDrain;
    }

    private static int count(int rate, Duration d) {
        return (int) Math.max(1, Math.round(rate * d.toNanos() / 1e9));
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> String.format(Locale.ROOT, "%s%06d.png", prefix, i))
                .toList();
    }

    /** The new sink, whose rows the targets are for: the last one in report order. */
    static SinkVariant newest(List<SinkVariant> sinks) {
        return sinks.get(sinks.size() - 1);
    }

    static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
