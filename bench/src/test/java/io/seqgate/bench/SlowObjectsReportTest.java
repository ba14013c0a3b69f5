package io.seqgate.bench;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slow-objects section's report for fixed runs, one case per way its prose can go: the text is
 * pinned (see {@link ReportText}), so that only a deliberate edit of the expected file changes it.
 */
class SlowObjectsReportTest {

    private static final int KEYS = 200;
    private static final Duration PAUSE = Duration.ofSeconds(2);

    @Test
    void missedTargetWithBoundsTenTimesApartExplainsTheDistanceToTheBounds() {
        ReportText.assertMatches(
                write(List.of(
                        run(SinkVariant.SYNC, 6, 40_300, 400, 200, 34_000, 3_100),
                        run(SinkVariant.ASYNC, 32, 9_800, 300, 150, 8_000, 3_100),
                        run(SinkVariant.ASYNC_WIDE, 128, 5_900, 210, 105, 2_000, 3_100))),
                "slow-objects-missed-bounds-apart.md");
    }

    @Test
    void missedTargetWithRoundsCloseTogetherAsksForMoreWorkers() {
        ReportText.assertMatches(
                write(List.of(
                        run(SinkVariant.SYNC, 6, 36_200, 400, 200, 34_000, 3_100),
                        run(SinkVariant.ASYNC, 32, 8_700, 240, 120, 8_000, 3_100))),
                "slow-objects-missed-rounds-close.md");
    }

    @Test
    void missedTargetWithArrivalsSettingTheBoundSaysNoPoolShortensIt() {
        ReportText.assertMatches(
                write(List.of(
                        run(SinkVariant.SYNC, 6, 36_200, 400, 200, 34_000, 3_100),
                        run(SinkVariant.ASYNC_WIDE, 128, 5_000, 210, 105, 2_000, 4_200))),
                "slow-objects-missed-arrivals.md");
    }

    @Test
    void metTargetsNeedNoExplanation() {
        ReportText.assertMatches(
                write(List.of(
                        run(SinkVariant.SYNC, 6, 40_300, 400, 200, 34_000, 3_100),
                        run(SinkVariant.ASYNC, 32, 3_900, 300, 150, 8_000, 3_100),
                        run(SinkVariant.ASYNC_WIDE, 128, 3_500, 210, 105, 2_000, 3_100))),
                "slow-objects-met.md");
    }

    @Test
    void oneSinkAloneLeavesTheTargetsNotMeasured() {
        ReportText.assertMatches(
                write(List.of(run(SinkVariant.ASYNC, 32, 9_800, 300, 150, 8_000, 3_100))),
                "slow-objects-not-measured.md");
    }

    private static Report write(List<SlowObjects.Run> runs) {
        Report report = new Report();
        SlowObjectsReport.write(report, new SlowObjects().title(), KEYS, PAUSE, runs);
        return report;
    }

    /** A run of {@link #KEYS} keys in which 100 dogs paused, every output newest, times in ms. */
    private static SlowObjects.Run run(
            SinkVariant sink,
            int concurrency,
            long wallMs,
            long transforms,
            long slowed,
            long roundsMs,
            long arrivalsMs) {
        return new SlowObjects.Run(
                sink,
                concurrency,
                Duration.ofMillis(wallMs),
                transforms,
                slowed,
                100,
                transforms - KEYS,
                Duration.ofMillis(roundsMs),
                Duration.ofMillis(arrivalsMs),
                PAUSE,
                KEYS,
                KEYS,
                transforms - KEYS,
                Duration.ofMillis(1_200),
                Duration.ofMillis(wallMs - 300),
                Duration.ofMillis(wallMs - 100));
    }
}
