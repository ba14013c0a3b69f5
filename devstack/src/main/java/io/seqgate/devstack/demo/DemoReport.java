package io.seqgate.devstack.demo;

import io.seqgate.outcome.Decision;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The demo's tables: one per run, then both runs side by side. */
final class DemoReport {

    private record Row(String label, Function<DemoRun.Result, String> value) {}

    private static final List<Row> ROWS = List.of(
            new Row("keys", r -> String.valueOf(r.keys())),
            new Row("outputs showing the newest (dog)", r -> String.valueOf(r.count(DemoImages.Look.NEWEST))),
            new Row("outputs showing a stale version (cat)", r -> String.valueOf(r.count(DemoImages.Look.STALE))),
            new Row("outputs missing", r -> String.valueOf(r.count(DemoImages.Look.MISSING))),
            new Row("outputs unrecognised", r -> String.valueOf(r.count(DemoImages.Look.UNRECOGNISED))),
            new Row("notifications delivered", r -> r.delivered() + " (" + r.duplicatesSent() + " duplicates)"),
            new Row("duplicates dropped", r -> gated(r, Decision.DUPLICATE)),
            new Row("stale events dropped", r -> gated(r, Decision.STALE)),
            new Row("superseded in the sink", r -> String.valueOf(r.count(Decision.SUPERSEDED))),
            new Row("failed", r -> String.valueOf(r.count(Decision.FAILED) + r.count(Decision.UNSUPPORTED))),
            new Row("transforms executed (sink calls)", r -> r.transforms() + " (" + r.slowed() + " slow)"),
            new Row("wall time", r -> DemoRun.seconds(r.wallTime())));

    private static final int LABEL_WIDTH =
            ROWS.stream().mapToInt(r -> r.label().length()).max().orElse(0);

    private DemoReport() {}

    static void printRun(DemoRun.Result result, PrintStream out) {
        out.println();
        out.println("  " + result.name());
        for (Row row : ROWS) {
            out.printf(
                    Locale.ROOT,
                    "    %-" + LABEL_WIDTH + "s  %s%n",
                    row.label(),
                    row.value().apply(result));
        }
    }

    static void printComparison(DemoRun.Result off, DemoRun.Result on, PrintStream out) {
        int column = ROWS.stream()
                .mapToInt(r -> Math.max(
                        r.value().apply(off).length(), r.value().apply(on).length()))
                .max()
                .orElse(0);
        column = Math.max(column, Math.max(off.name().length(), on.name().length()));
        String format = "  %-" + LABEL_WIDTH + "s  %" + column + "s   %" + column + "s%n";
        out.printf(Locale.ROOT, format, "", off.name(), on.name());
        for (Row row : ROWS) {
            out.printf(
                    Locale.ROOT,
                    format,
                    row.label(),
                    row.value().apply(off),
                    row.value().apply(on));
        }
    }

    /** Only the gate drops events; with coordination off there is none, which a zero would hide. */
    private static String gated(DemoRun.Result result, Decision decision) {
        return result.coordination() ? String.valueOf(result.count(decision)) : "- (no gate)";
    }
}
