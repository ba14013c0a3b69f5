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
    private static final int SAMPLE_PERIOD_MS = 20;

    private final String name;
    private final String title;
    private final List<Integer> rates;
    private final List<Integer> externalRates;
    private final Duration oneWayDelay;
    private final Goal goal;
    private final List<Goal> externalGoals;

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
        this.externalGoals = List.copyOf(externalGoals);
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
            reportExternal(context, external, externalDuration, externalWarmUp, picture.length, newest);
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
        report(context, points, duration, warmUp, warmUpDrain, drain(duration, minDrain), picture.length);
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

    void reportExternal(
            BenchContext context,
            List<ExternalPoint> points,
            Duration duration,
            Duration warmUp,
            int pictureBytes,
            SinkVariant sink) {
        Report report = context.report();
        report.heading(title);
        report.paragraph(
                "**As a user sees it.** `seqgate dev` started as a user starts it, in a JVM of its own with the JVM's"
                        + " defaults, its own ports and its own settings (%s sink, coordination on, the sink pool"
                        + " sized by the dev command), and a client in the bench's JVM: 256 px"
                        + " PNGs (%d bytes) PUT through the AWS SDK's default S3 client at a steady rate, each a new"
                        + " object, and a read_committed consumer of the outcomes topic%s. Latency = PUT returned → its DONE"
                        + " outcome read. Each row is a fresh `seqgate dev`, warmed up for %s, two thirds of it at half the"
                        + " row's rate and the rest at the rate (a fresh JVM on two cores compiles for tens of seconds,"
                        + " and until then everything costs two to three times the CPU; a cold JVM at a rate that"
                        + " saturates it starves its own compiler), then measured for %s. CPU: each thread's CPU time in the dev JVM over the"
                        + " measurement (`ThreadMXBean`, read through the JVM's management agent), grouped by thread"
                        + " name, per outcome read meanwhile; the JVM's own threads are the process's CPU time less its Java"
                        + " threads'.",
                sink.name(),
                pictureBytes,
                oneWayDelay.isZero()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; the processor reaches S3 through a proxy in the bench's JVM that delays each"
                                        + " direction by %d ms (a %d ms round trip), the uploads go direct",
                                oneWayDelay.toMillis(),
                                2 * oneWayDelay.toMillis()),
                Report.duration(warmUp),
                Report.duration(duration));
        ExternalPoint lead = points.stream()
                .filter(p -> p.rate() == goal.rate())
                .findFirst()
                .orElse(points.isEmpty() ? null : points.get(points.size() - 1));
        if (lead != null) {
            report.paragraph(
                    "Where the CPU went at %d/s, in milliseconds per object (256 px PNG). The split of the stream"
                            + " threads' and the sink workers' time is in the proportions of Flight Recorder samples"
                            + " of the same threads every %d ms in the warm-up's last third (sampling in the"
                            + " measurement itself would slow it): transform = below the sink's `MeteredTransform`, S3"
                            + " calls = in the AWS SDK or its HTTP client, topology = below a seqgate processor.",
                    lead.rate(), SAMPLE_PERIOD_MS);
            report.table(
                    List.of("part", "CPU ms per object", "share of the dev JVM"),
                    lead.cpu().rows());
        }
        List<List<String>> rows = new ArrayList<>();
        for (ExternalPoint p : points) {
            rows.add(List.of(
                    p.rate() + "/s",
                    String.valueOf(p.objects()),
                    String.format(Locale.ROOT, "%.1f/s", p.uploadRate()),
                    String.format(Locale.ROOT, "%.1f/s", p.measured().achieved()),
                    p.measured().distribution().quantileText(0.5),
                    p.measured().distribution().quantileText(0.99),
                    p.measured().distribution().quantileText(1.0),
                    p.measured().distribution().missing()
                            + (p.failedUploads() > 0 ? " (" + p.failedUploads() + " PUTs failed)" : ""),
                    p.measured().slowestSplit(),
                    String.format(Locale.ROOT, "%.2f", p.cpu().processor()),
                    String.format(Locale.ROOT, "%.2f", p.cpu().devJvm()),
                    String.format(Locale.ROOT, "%.2f", p.cpu().client())));
        }
        report.table(
                List.of(
                        "offered",
                        "objects",
                        "uploaded",
                        "achieved",
                        "p50",
                        "p99",
                        "max",
                        "not DONE",
                        "slowest 1 %: to gate / sink / to reader",
                        "CPU ms/object: processor",
                        "dev JVM",
                        "client JVM"),
                rows);
        for (Goal g : externalGoals) {
            String what = String.format(
                    Locale.ROOT,
                    "external seqgate dev%s at %d/s",
                    oneWayDelay.isZero() ? "" : ", " + (2 * oneWayDelay.toMillis()) + " ms S3 round trip",
                    g.rate());
            ExternalPoint p = points.stream()
                    .filter(x -> x.rate() == g.rate())
                    .findFirst()
                    .orElse(null);
            addTargets(
                    report,
                    what,
                    g,
                    p == null ? null : p.measured().achieved(),
                    p == null ? null : p.measured().distribution());
        }
    }

    /** The goal's targets for one row; {@code distribution} null when the row did not run. */
    private static void addTargets(Report report, String what, Goal g, Double achieved, Distribution distribution) {
        String rateGoal = String.format(Locale.ROOT, "≥ %.0f/s", g.minRate());
        String p99Goal = "p99 < " + Distribution.millis(g.maxP99().toNanos());
        if (distribution == null) {
            if (g.minRate() > 0) {
                report.target(Target.notMeasured(what + ": achieved", rateGoal, "not run"));
            }
            report.target(Target.notMeasured(what + ": p99", p99Goal, "not run"));
            return;
        }
        if (g.minRate() > 0) {
            report.target(Target.atLeast(
                    what + ": achieved",
                    rateGoal,
                    achieved,
                    g.minRate(),
                    String.format(Locale.ROOT, "%.1f/s", achieved)));
        }
        long p99 = distribution.quantile(0.99);
        long p99Known = p99 < 0 ? distribution.censoredAt() : p99;
        report.target(Target.atMost(
                what + ": p99",
                p99Goal,
                (double) p99Known,
                (double) g.maxP99().toNanos(),
                distribution.quantileText(0.99)));
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

    void report(
            BenchContext context,
            List<Point> points,
            Duration duration,
            Duration warmUp,
            Duration warmUpDrain,
            Duration drain,
            int pictureBytes) {
        Report report = context.report();
        if (!context.options().runs(BenchOptions.EXTERNAL)) {
            report.heading(title);
        }
        report.paragraph(
                "**In-process, for comparison.** 256 px PNG (%d bytes) PUT through S3 at a steady rate, each a new "
                        + "object, for %s after a %s warm-up at the same rate (whose objects get up to %s to finish first)%s; latency = PUT returned → its DONE outcome "
                        + "readable (read_committed) on the outcomes topic. Achieved = objects DONE ÷ time from the first PUT to "
                        + "the last DONE. Each row is a fresh stack and processor with the production defaults (one stream "
                        + "thread). Objects still not DONE %s after the last PUT count as slower than that. GC: the "
                        + "JVM's garbage collections from the first measured PUT to the last DONE (everything shares "
                        + "the JVM, so a long one stalls every object in flight). The last column splits the time of "
                        + "the slowest 1 %% of objects (medians over them, by the wall clock the processor shares): PUT "
                        + "returned → the gate's decision (notification to Kafka, through the stream thread), decision → "
                        + "the sink's completion, completion → the DONE outcome read (its transaction's commit and the "
                        + "read_committed fetch). The synchronous sink stamps decision and completion with the stream "
                        + "thread's time of the record, so its sink time shows under \"to reader\".",
                pictureBytes,
                Report.duration(duration),
                Report.duration(warmUp),
                Report.duration(warmUpDrain),
                oneWayDelay.isZero()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; the processor reaches S3 through a proxy that delays each "
                                        + "direction by %d ms (a %d ms round trip), the uploads go direct",
                                oneWayDelay.toMillis(),
                                2 * oneWayDelay.toMillis()),
                Report.duration(drain));
        List<List<String>> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(List.of(
                    p.rate() + "/s",
                    p.sink().name(),
                    onOff(p.coordination()),
                    String.valueOf(p.objects()),
                    String.format(Locale.ROOT, "%.1f/s", p.uploadRate()),
                    String.format(Locale.ROOT, "%.1f/s", p.achieved()),
                    p.latency().quantileText(0.5),
                    p.latency().quantileText(0.99),
                    p.latency().quantileText(1.0),
                    p.latency().missing() + (p.failedUploads() > 0 ? " (" + p.failedUploads() + " PUTs failed)" : ""),
                    p.gc().text(),
                    p.slowestSplit()));
        }
        report.table(
                List.of(
                        "offered",
                        "sink",
                        "coordination",
                        "objects",
                        "uploaded",
                        "achieved",
                        "p50",
                        "p99",
                        "max",
                        "not DONE",
                        "GC (time in collections)",
                        "slowest 1 %: to gate / sink / to reader"),
                rows);
        gateCost(report, points);
        targets(report, points, context.options().sinks());
        for (Point p : points) {
            if (p.profile() != null) {
                p.profile()
                        .appendTo(
                                report,
                                String.format(
                                        Locale.ROOT,
                                        "the %d/s row (%s sink, coordination %s) from its "
                                                + "first measured PUT until its last DONE or the end of the drain",
                                        p.rate(),
                                        p.sink().name(),
                                        onOff(p.coordination())));
            }
        }
    }

    /** The new sink, whose rows the targets are for: the last one in report order. */
    private static SinkVariant newest(List<SinkVariant> sinks) {
        return sinks.get(sinks.size() - 1);
    }

    /** Coordination on ÷ off for each rate and sink: what the gate and the compare-and-swap cost. */
    private static void gateCost(Report report, List<Point> points) {
        List<List<String>> rows = new ArrayList<>();
        for (Point on : points) {
            if (!on.coordination()) {
                continue;
            }
            points.stream()
                    .filter(off -> !off.coordination()
                            && off.rate() == on.rate()
                            && off.sink().equals(on.sink()))
                    .findFirst()
                    .ifPresent(off -> rows.add(List.of(
                            on.rate() + "/s",
                            on.sink().name(),
                            off.achieved() > 0
                                    ? String.format(Locale.ROOT, "%.2f", on.achieved() / off.achieved())
                                    : "-",
                            quotient(on.latency().quantile(0.5), off.latency().quantile(0.5)),
                            quotient(on.latency().quantile(0.99), off.latency().quantile(0.99)))));
        }
        if (!rows.isEmpty()) {
            report.paragraph("The gate's cost, coordination on ÷ off:");
            report.table(List.of("offered", "sink", "achieved on ÷ off", "p50 on ÷ off", "p99 on ÷ off"), rows);
        }
    }

    private void targets(Report report, List<Point> points, List<SinkVariant> sinks) {
        SinkVariant newest = newest(sinks);
        String what = String.format(
                Locale.ROOT,
                "in-process: %s at %d/s (%s sink, coordination on)",
                oneWayDelay.isZero() ? "embedded stack" : (2 * oneWayDelay.toMillis()) + " ms S3 round trip",
                goal.rate(),
                newest.name());
        Point p = points.stream()
                .filter(x ->
                        x.rate() == goal.rate() && x.coordination() && x.sink().equals(newest))
                .findFirst()
                .orElse(null);
        addTargets(report, what, goal, p == null ? null : p.achieved(), p == null ? null : p.latency());
    }

    private static String quotient(long a, long b) {
        if (a < 0 || b <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", (double) a / b);
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
