package io.seqgate.bench;

import io.seqgate.bench.SlowObjects.Run;
import io.seqgate.config.SinkExecution;
import io.seqgate.devstack.stack.DevStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The slow-objects section's part of BENCHMARKS.md, from the runs {@link SlowObjects} measured: what was
 * run, one row per sink, the two targets, and, when one is missed, why — from the bounds of this run
 * (see {@link SlowObjects} for what they are): whether the sinks' bounds are ten times apart at all,
 * what would widen them, and what the bound leaves out.
 */
final class SlowObjectsReport {

    private static final double SPEED_UP_TARGET = 10;
    private static final double IDEAL_TARGET = 1.5;

    private SlowObjectsReport() {}

    /** Adds the section under {@code title}: what was run, the table of runs, the targets and why any was missed. */
    static void write(Report report, String title, int keys, Duration pause, List<Run> runs) {
        report.heading(title);
        report.paragraph(
                "%d keys of a versioned bucket; ten upload threads each put a cat and "
                        + "then a dog (256 px PNG, drawn with the key's number) over one key; the transform pauses %s with "
                        + "probability %.1f per call. Notifications are "
                        + "delivered once and in order, so the wall time measures the sink alone. Coordination on, %d stream "
                        + "threads (one per input partition, the most the synchronous sink can use). One unreported round "
                        + "without pauses warms the JVM first. Wall time: first upload "
                        + "until every notification had its outcome. Keys transformed twice: the cat's job had started "
                        + "before the dog was accepted, so the dog waited for it (otherwise the dog replaced the cat). "
                        + "The ideal bound is the later of two lower bounds no schedule beats, since every key's newest "
                        + "output needs its dog transformed: *rounds*, ceil(dogs whose transform paused ÷ objects at once) × "
                        + "pause; and *arrivals*, the latest time a dog's upload began, plus the pause when its transform "
                        + "paused. It leaves out the fast transforms' own time, the delivery of notifications and any cat "
                        + "the sink transformed. The "
                        + "last three columns are a time line from the first upload: when the uploads had all returned, and the "
                        + "latest gate decision and sink completion among the objects' DONE outcomes (the outcomes' own "
                        + "times, by the wall clock the processor shares).",
                keys, seconds(pause), SlowObjects.SLOW_PROBABILITY, DevStack.INPUT_PARTITIONS);
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            rows.add(List.of(
                    r.sink().name(),
                    String.valueOf(r.concurrency()),
                    seconds(r.wall()),
                    r.transforms() + " (" + r.slowed() + " slow)",
                    String.valueOf(r.keysTransformedTwice()),
                    seconds(r.roundsBound()) + " (" + r.pausedDogs() + " paused dogs)",
                    seconds(r.arrivalsBound()),
                    seconds(r.ideal()),
                    String.format(Locale.ROOT, "%.2f", ratio(r.wall(), r.ideal())),
                    r.done() + " / " + r.superseded(),
                    r.newest() + " of " + keys,
                    seconds(r.uploaded()),
                    seconds(r.lastDecided()),
                    seconds(r.lastCompleted())));
        }
        report.table(
                List.of(
                        "sink",
                        "objects at once",
                        "wall time",
                        "transforms",
                        "keys transformed twice",
                        "bound: rounds",
                        "bound: arrivals",
                        "ideal bound",
                        "wall ÷ ideal",
                        "DONE / SUPERSEDED",
                        "outputs newest",
                        "uploads done",
                        "last decision",
                        "last completion"),
                rows);
        Run sync = runs.stream()
                .filter(r -> r.sink().equals(SinkVariant.SYNC))
                .findFirst()
                .orElse(null);
        // The targets are the widest new sink's: the one configured for slow, I/O-bound jobs.
        Run widest = runs.stream()
                .filter(r -> !r.sink().equals(SinkVariant.SYNC))
                .max(Comparator.comparingInt(Run::concurrency))
                .orElse(null);
        if (sync != null && widest != null) {
            double speedUp = ratio(sync.wall(), widest.wall());
            double toIdeal = ratio(widest.wall(), widest.ideal());
            report.paragraph(
                    "Wall time %s ÷ %s: **%.3f** (%.2f × faster). The targets are evaluated on the widest new sink, %s "
                            + "(%s): the %.0f × target is **%s** with that configuration.",
                    widest.sink().name(),
                    sync.sink().name(),
                    1 / speedUp,
                    speedUp,
                    widest.sink().name(),
                    configuration(widest),
                    SPEED_UP_TARGET,
                    speedUp >= SPEED_UP_TARGET ? "met" : "missed");
            for (Run other : runs) {
                if (other == sync || other == widest) {
                    continue;
                }
                double otherSpeedUp = ratio(sync.wall(), other.wall());
                report.paragraph(
                        "With %s (%s) the speed-up is %.1f ×, and the ideal bounds' ratio is %.1f × (%s): %s.",
                        other.sink().name(),
                        configuration(other),
                        otherSpeedUp,
                        ratio(sync.ideal(), other.ideal()),
                        bothBounds(sync, other),
                        otherSpeedUp >= SPEED_UP_TARGET
                                ? "it meets the target too"
                                : String.format(
                                        Locale.ROOT,
                                        "%.0f × needs a pool of %d or more workers for this run's %d paused dogs",
                                        SPEED_UP_TARGET,
                                        minimumConcurrencyFor(other.pausedDogs(), sync.ideal(), other),
                                        other.pausedDogs()));
            }
            if (speedUp < SPEED_UP_TARGET) {
                report.paragraph(whyMissed(sync, widest, speedUp));
            }
            if (toIdeal > IDEAL_TARGET) {
                report.paragraph(whyAboveIdeal(widest, runs, keys));
            }
            report.target(Target.atLeast(
                    "slow objects: new sink faster than the synchronous one",
                    "≥ 10 ×",
                    speedUp,
                    SPEED_UP_TARGET,
                    String.format(
                            Locale.ROOT, "%.2f × (%s)", speedUp, widest.sink().name())));
            report.target(Target.atMost(
                    "slow objects: new sink's wall time ÷ ideal bound",
                    "≤ 1.5",
                    toIdeal,
                    IDEAL_TARGET,
                    String.format(
                            Locale.ROOT, "%.2f (%s)", toIdeal, widest.sink().name())));
        } else {
            String why = "needs the synchronous and the new sink in one run; this run had "
                    + runs.stream().map(r -> r.sink().name()).toList();
            report.target(Target.notMeasured("slow objects: new sink faster than the synchronous one", "≥ 10 ×", why));
            report.target(Target.notMeasured("slow objects: new sink's wall time ÷ ideal bound", "≤ 1.5", why));
        }
    }

    /** Why {@code newest} is less than 10 × faster than {@code sync}: the bounds, or the distance to them. */
    private static String whyMissed(Run sync, Run newest, double speedUp) {
        double bounds = ratio(sync.ideal(), newest.ideal());
        if (bounds < SPEED_UP_TARGET) {
            return String.format(
                    Locale.ROOT,
                    "Why the %.0f × target is missed: the two sinks' ideal bounds differ by only %.1f × (%s), so "
                            + "%.0f × would need the %s sink to beat its own lower bound. The measured %.1f × is %s the bounds' ratio because the %s sink came "
                            + "%s its bound (wall ÷ ideal %.2f against %.2f). %s",
                    SPEED_UP_TARGET,
                    bounds,
                    bothBounds(sync, newest),
                    SPEED_UP_TARGET,
                    newest.sink().name(),
                    speedUp,
                    speedUp >= bounds ? "above" : "below",
                    newest.sink().name(),
                    speedUp >= bounds ? "closer to" : "further from",
                    ratio(newest.wall(), newest.ideal()),
                    ratio(sync.wall(), sync.ideal()),
                    whatWouldWiden(sync, newest));
        }
        return String.format(
                Locale.ROOT,
                "Why the %.0f × target is missed: the ideal bounds differ by %.1f × (%s), enough for 10 ×, but the %s sink stayed further from its bound "
                        + "(wall ÷ ideal %.2f) than the synchronous one (%.2f): the time that does not shrink with "
                        + "more workers (uploads, notification delivery, fast transforms, each key's order) dominates "
                        + "its wall time.",
                SPEED_UP_TARGET,
                bounds,
                bothBounds(sync, newest),
                newest.sink().name(),
                ratio(newest.wall(), newest.ideal()),
                ratio(sync.wall(), sync.ideal()));
    }

    /** What would widen the bounds' ratio to 10 ×: more workers, unless the arrivals set the new sink's bound. */
    private static String whatWouldWiden(Run sync, Run newest) {
        if (newest.arrivalsBound().compareTo(newest.roundsBound()) > 0) {
            return String.format(
                    Locale.ROOT,
                    "The %s sink's bound is set by the arrivals (the uploads and the last dog's pause, %s), which "
                            + "no pool size shortens: only a longer pause, or more paused objects, would widen the "
                            + "bounds' ratio to 10 ×.",
                    newest.sink().name(),
                    seconds(newest.arrivalsBound()));
        }
        return String.format(
                Locale.ROOT,
                "What limits the speed-up is the synchronous sink's partition count (%d input partitions) against "
                        + "the pool's %d workers: a pool of %d or more workers (SEQGATE_SINK_CONCURRENCY), or a longer "
                        + "pause, would widen the bounds' ratio to 10 ×.",
                sync.concurrency(),
                newest.concurrency(),
                minimumConcurrencyFor(newest.pausedDogs(), sync.ideal(), newest));
    }

    /** The two sinks' ideal bounds, each with its objects at once. */
    private static String bothBounds(Run sync, Run newest) {
        return String.format(
                Locale.ROOT,
                "%s for %d objects at once against %s for %d",
                seconds(sync.ideal()),
                sync.concurrency(),
                seconds(newest.ideal()),
                newest.concurrency());
    }

    /**
     * Why {@code newest}'s wall time is more than 1.5 × its bound: what the bound leaves out, with the
     * figures of this run.
     */
    private static String whyAboveIdeal(Run newest, List<Run> runs, int keys) {
        List<String> others = new ArrayList<>();
        for (Run other : runs) {
            if (other != newest && !other.sink().equals(SinkVariant.SYNC)) {
                others.add(String.format(
                        Locale.ROOT,
                        "%s with %d workers: %s above its bound",
                        other.sink().name(),
                        other.concurrency(),
                        seconds(other.wall().minus(other.ideal()))));
            }
        }
        return String.format(
                Locale.ROOT,
                "Why %s's wall ÷ ideal is above %.1f: its bound is %s (rounds %s, arrivals %s), and its wall time "
                        + "is %s above it%s. The bound leaves out what more workers do not shrink: delivering the %d "
                        + "notifications, the fast transforms' own time, and the %d keys whose cat was transformed "
                        + "before their dog was accepted, each such dog waiting for its cat (up to one %s pause).",
                newest.sink().name(),
                IDEAL_TARGET,
                seconds(newest.ideal()),
                seconds(newest.roundsBound()),
                seconds(newest.arrivalsBound()),
                seconds(newest.wall().minus(newest.ideal())),
                others.isEmpty() ? "" : " (" + String.join("; ", others) + ")",
                2 * keys,
                newest.keysTransformedTwice(),
                seconds(newest.pause()));
    }

    /** How a row's sink was configured, in the processor's settings. */
    private static String configuration(Run r) {
        String workers = r.sink().settings().get("SEQGATE_SINK_CONCURRENCY");
        if (workers == null) {
            return r.sink().name() + ", " + r.concurrency() + " objects at once";
        }
        String linger = r.sink().settings().get("SEQGATE_SINK_LINGER");
        return "SEQGATE_SINK_CONCURRENCY=" + workers
                + (Integer.parseInt(workers) == SinkExecution.DEFAULT_CONCURRENCY ? ", the default" : "")
                + (linger == null ? "" : ", SEQGATE_SINK_LINGER=" + linger);
    }

    /**
     * The fewest objects at once whose rounds bound for {@code pausedDogs} paused transforms is a
     * tenth of {@code syncIdeal} or less.
     */
    private static long minimumConcurrencyFor(long pausedDogs, Duration syncIdeal, Run newest) {
        if (newest.pause().isZero()) {
            return newest.concurrency();
        }
        long rounds = Math.max(1, (long) Math.floor(
                syncIdeal.toNanos() / SPEED_UP_TARGET / newest.pause().toNanos()));
        return (pausedDogs + rounds - 1) / rounds;
    }

    private static double ratio(Duration a, Duration b) {
        return b.isZero() ? Double.NaN : (double) a.toNanos() / b.toNanos();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
