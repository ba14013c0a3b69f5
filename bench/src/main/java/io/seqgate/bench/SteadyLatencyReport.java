package io.seqgate.bench;

import io.seqgate.bench.SteadyLatency.ExternalPoint;
import io.seqgate.bench.SteadyLatency.Goal;
import io.seqgate.bench.SteadyLatency.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency section's part of BENCHMARKS.md, from the rows {@link SteadyLatency} measured: the external
 * stack's rows and where its CPU went, then the in-process rows, the gate's cost (coordination on ÷ off),
 * the profile of the goal's row, and the targets of both.
 */
final class SteadyLatencyReport {

    private final String title;
    private final Duration oneWayDelay;
    private final Goal goal;
    private final List<Goal> externalGoals;

    /**
     * @param title         the section's heading
     * @param oneWayDelay   the proxy's delay each way between the processor and S3; zero for none
     * @param goal          the in-process target's rate and limits
     * @param externalGoals the external stack's targets
     */
    SteadyLatencyReport(String title, Duration oneWayDelay, Goal goal, List<Goal> externalGoals) {
        this.title = title;
        this.oneWayDelay = oneWayDelay;
        this.goal = goal;
        this.externalGoals = List.copyOf(externalGoals);
    }

    /**
     * The external stack's rows under the section's heading: how they were measured, where the CPU went at
     * the goal's rate, one row per rate, and the external goals' targets.
     */
    void external(
            Report report,
            List<ExternalPoint> points,
            Duration duration,
            Duration warmUp,
            int pictureBytes,
            SinkVariant sink) {
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
                    lead.rate(), SteadyLatency.SAMPLE_PERIOD_MS);
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
                    notDone(p.measured().distribution(), p.failedUploads()),
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

    /**
     * The in-process rows, the gate's cost, the goal's targets and the profile of the goal's row; under the
     * section's heading unless the external rows came first and carry it ({@code afterExternal}).
     */
    void inProcess(
            Report report,
            boolean afterExternal,
            List<Point> points,
            List<SinkVariant> sinks,
            Duration duration,
            Duration warmUp,
            Duration warmUpDrain,
            Duration drain,
            int pictureBytes) {
        if (!afterExternal) {
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
                    SteadyLatency.onOff(p.coordination()),
                    String.valueOf(p.objects()),
                    String.format(Locale.ROOT, "%.1f/s", p.uploadRate()),
                    String.format(Locale.ROOT, "%.1f/s", p.achieved()),
                    p.latency().quantileText(0.5),
                    p.latency().quantileText(0.99),
                    p.latency().quantileText(1.0),
                    notDone(p.latency(), p.failedUploads()),
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
        targets(report, points, sinks);
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
                                        SteadyLatency.onOff(p.coordination())));
            }
        }
    }

    private void targets(Report report, List<Point> points, List<SinkVariant> sinks) {
        SinkVariant newest = SteadyLatency.newest(sinks);
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

    private static String quotient(long a, long b) {
        if (a < 0 || b <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", (double) a / b);
    }

    /** The "not DONE" cell: uploads without a DONE outcome, and the PUTs among them that failed. */
    private static String notDone(Distribution latency, int failedUploads) {
        return latency.missing() + (failedUploads > 0 ? " (" + failedUploads + " PUTs failed)" : "");
    }
}
