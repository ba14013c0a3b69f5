package io.seqgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The latency sections' reports for fixed rows, external and in-process: the text is pinned (see
 * {@link ReportText}), so that only a deliberate edit of the expected file changes it.
 */
class SteadyLatencyReportTest {

    private static final int PICTURE_BYTES = 1_234;

    @Test
    void bothStacksShareOneHeadingExternalFirst() {
        SteadyLatencyReport local = SteadyLatency.local().report();
        Report report = new Report();

        writeExternal(local, report, List.of(external(50, 0, 4.1), external(100, 2, 6.3)));
        writeInProcess(local, report, true, inProcessRows(100));

        ReportText.assertMatches(report, "steady-latency-both-stacks.md");
    }

    @Test
    void inProcessAloneHasItsOwnHeadingAndNamesTheProxy() {
        Report report = new Report();

        writeInProcess(SteadyLatency.remote().report(), report, false, inProcessRows(50));

        ReportText.assertMatches(report, "steady-latency-remote-in-process.md");
    }

    @Test
    void externalAloneNamesTheProxy() {
        Report report = new Report();

        writeExternal(SteadyLatency.remote().report(), report, List.of(external(50, 1, 7.5)));

        ReportText.assertMatches(report, "steady-latency-remote-external.md");
    }

    /** The external rows as the section measures them by default: 90 s of warm-up, 30 s measured, async sink. */
    private static void writeExternal(
            SteadyLatencyReport section, Report report, List<SteadyLatency.ExternalPoint> points) {
        section.external(
                report, points, Duration.ofSeconds(30), Duration.ofSeconds(90), PICTURE_BYTES, SinkVariant.ASYNC);
    }

    /** The in-process rows as the section measures them by default: 3 s of warm-up, 15 s measured. */
    private static void writeInProcess(
            SteadyLatencyReport section, Report report, boolean afterExternal, List<SteadyLatency.Point> points) {
        section.inProcess(
                report,
                afterExternal,
                points,
                SinkVariant.all(),
                Duration.ofSeconds(15),
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                Duration.ofSeconds(15),
                PICTURE_BYTES);
    }

    /** Both sinks with coordination off and on at {@code rate}; the target's row (async, on) profiled. */
    private static List<SteadyLatency.Point> inProcessRows(int rate) {
        CpuProfile.Summary profile = new CpuProfile.Summary(
                1_000,
                List.of(new CpuProfile.Share("seqgate-sink-N", 600, 0.6), new CpuProfile.Share("S3Proxy-N", 400, 0.4)),
                List.of(new CpuProfile.Share("io.seqgate.sink", 1_000, 1.0)),
                List.of(new CpuProfile.Share("io.seqgate.sink.OutputSwap.write", 1_000, 1.0)));
        return List.of(
                point(rate, SinkVariant.SYNC, false, 20, 0, null),
                point(rate, SinkVariant.SYNC, true, 30, 0, null),
                point(rate, SinkVariant.ASYNC, false, 15, 0, null),
                point(rate, SinkVariant.ASYNC, true, 18, 3, profile));
    }

    /** A row whose latencies are {@code baseMs} to ten times that, {@code missing} of them not DONE. */
    private static SteadyLatency.Point point(
            int rate, SinkVariant sink, boolean coordination, long baseMs, int missing, CpuProfile.Summary profile) {
        return new SteadyLatency.Point(
                rate,
                sink,
                coordination,
                15 * rate,
                rate - 0.4,
                rate - 1.5 - baseMs / 10.0,
                latencies(baseMs, missing),
                missing,
                new GcTime(12, 3 * baseMs),
                baseMs + " / " + 2 * baseMs + " / " + 3 * baseMs + " ms",
                profile);
    }

    private static SteadyLatency.ExternalPoint external(int rate, int missing, double sinkMsPerObject) {
        long objects = 30L * rate;
        RemoteCpu.Snapshot before = new RemoteCpu.Snapshot(
                0,
                Map.of(
                        1L, new RemoteCpu.ThreadTime("seqgate-sink-1", 0),
                        2L, new RemoteCpu.ThreadTime("S3Proxy-Jetty-7", 0)));
        RemoteCpu.Snapshot after = new RemoteCpu.Snapshot(
                (long) (objects * (sinkMsPerObject + 2.5) * 1e6),
                Map.of(
                        1L, new RemoteCpu.ThreadTime("seqgate-sink-1", (long) (objects * sinkMsPerObject * 1e6)),
                        2L, new RemoteCpu.ThreadTime("S3Proxy-Jetty-7", (long) (objects * 1.5 * 1e6))));
        CpuBreakdown cpu = CpuBreakdown.of(before, after, Optional.empty(), objects, (long) (objects * 0.8e6));
        return new SteadyLatency.ExternalPoint(
                rate,
                SinkVariant.ASYNC,
                (int) objects,
                rate - 0.2,
                new SteadyLatency.Latencies(rate - 0.7, latencies(12, missing), "9 / 14 / 22 ms"),
                missing,
                cpu);
    }

    private static Distribution latencies(long baseMs, int missing) {
        long[] nanos =
                LongStream.rangeClosed(1, 10).map(i -> i * baseMs * 1_000_000).toArray();
        return Distribution.of(nanos, missing, 15_000_000_000L);
    }
}
