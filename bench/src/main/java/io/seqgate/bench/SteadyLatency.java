package io.seqgate.bench;

import io.seqgate.devstack.stack.DevStack;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private record Point(
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

    private final String name;
    private final String title;
    private final List<Integer> rates;
    private final Duration oneWayDelay;
    private final Goal goal;

    /** The target for this section: at {@code rate}, at least {@code minRate} achieved with p99 under {@code maxP99}. */
    private record Goal(int rate, double minRate, Duration maxP99) {}

    private SteadyLatency(String name, String title, List<Integer> rates, Duration oneWayDelay, Goal goal) {
        this.name = name;
        this.title = title;
        this.rates = List.copyOf(rates);
        this.oneWayDelay = oneWayDelay;
        this.goal = goal;
    }

    /** Section 3: S3 in the same JVM, 100 and 200 objects/s. */
    static SteadyLatency local() {
        return new SteadyLatency(
                "latency",
                "3. End-to-end latency at a steady rate",
                List.of(100, 200),
                Duration.ZERO,
                new Goal(100, 95, Duration.ofMillis(500)));
    }

    /** Section 4: 15 ms each way between the processor and S3, 50 objects/s. */
    static SteadyLatency remote() {
        return new SteadyLatency(
                "remote",
                "4. End-to-end latency with a 30 ms S3 round trip",
                List.of(50),
                Duration.ofMillis(15),
                new Goal(50, 45, Duration.ofSeconds(1)));
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
        List<Point> points = new ArrayList<>();
        SinkVariant newest = newest(context.options().sinks());
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
                context.progress(
                        "%s: achieved %.1f/s, p50 %s, p99 %s%s; GC %s",
                        label,
                        achieved,
                        distribution.quantileText(0.5),
                        distribution.quantileText(0.99),
                        missing > 0 ? ", " + missing + " not done after the drain" : "",
                        gc.text());
                return new Point(
                        rate,
                        sink,
                        coordination,
                        keys.size(),
                        uploads.rate(),
                        achieved,
                        distribution,
                        uploads.failed(),
                        gc,
                        slowestSplit(latencyOf, uploads.returnedAt(), outcomes),
                        summary);
            }
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

    private void report(
            BenchContext context,
            List<Point> points,
            Duration duration,
            Duration warmUp,
            Duration warmUpDrain,
            Duration drain,
            int pictureBytes) {
        Report report = context.report();
        report.heading(title);
        report.paragraph(String.format(
                Locale.ROOT,
                "256 px PNG (%d bytes) PUT through S3 at a steady rate, each a new "
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
                Report.duration(drain)));
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
                "%s at %d/s (%s sink, coordination on)",
                oneWayDelay.isZero() ? "embedded stack" : (2 * oneWayDelay.toMillis()) + " ms S3 round trip",
                goal.rate(),
                newest.name());
        Point p = points.stream()
                .filter(x ->
                        x.rate() == goal.rate() && x.coordination() && x.sink().equals(newest))
                .findFirst()
                .orElse(null);
        String rateGoal = String.format(Locale.ROOT, "≥ %.0f/s", goal.minRate());
        String p99Goal = "p99 < " + Distribution.millis(goal.maxP99().toNanos());
        if (p == null) {
            report.target(Target.notMeasured(what + ": achieved", rateGoal, "not run"));
            report.target(Target.notMeasured(what + ": p99", p99Goal, "not run"));
            return;
        }
        report.target(Target.atLeast(
                what + ": achieved",
                rateGoal,
                p.achieved(),
                goal.minRate(),
                String.format(Locale.ROOT, "%.1f/s", p.achieved())));
        long p99 = p.latency().quantile(0.99);
        long p99Known = p99 < 0 ? p.latency().censoredAt() : p99;
        report.target(Target.atMost(
                what + ": p99",
                p99Goal,
                (double) p99Known,
                (double) goal.maxP99().toNanos(),
                p.latency().quantileText(0.99)));
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
