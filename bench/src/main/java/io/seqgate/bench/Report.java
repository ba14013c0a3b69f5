package io.seqgate.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** BENCHMARKS.md as it is put together: the sections' tables and notes, and the targets they checked. */
final class Report {

    private final StringBuilder body = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();

    void heading(String title) {
        body.append("\n## ").append(title).append("\n\n");
    }

    void paragraph(String text) {
        body.append(text).append("\n\n");
    }

    /**
     * A paragraph of {@code format} filled in with {@code args} in {@link Locale#ROOT}, so that the figures read
     * the same whatever the machine's locale. Error Prone checks the format against the arguments at compile
     * time, as it does {@code String.format}'s: a mismatch would otherwise end a run of many minutes at its report.
     */
    @FormatMethod
    void paragraph(@FormatString String format, Object... args) {
        paragraph(String.format(Locale.ROOT, format, args));
    }

    void table(List<String> header, List<List<String>> rows) {
        body.append(row(header));
        body.append(row(header.stream().map(h -> "---").toList()));
        rows.forEach(r -> body.append(row(r)));
        body.append('\n');
    }

    void code(String text) {
        body.append("```\n").append(text.strip()).append("\n```\n\n");
    }

    void target(Target target) {
        targets.add(target);
    }

    List<Target> targets() {
        return List.copyOf(targets);
    }

    /** The targets table, or an empty string when no section checked one. */
    String targetsTable() {
        if (targets.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(row(List.of("target", "goal", "this run", "status", "margin")));
        out.append(row(List.of("---", "---", "---", "---", "---")));
        for (Target t : targets) {
            out.append(row(List.of(t.what(), t.goal(), t.measured(), t.status(), t.margin())));
        }
        return out.toString();
    }

    String body() {
        return body.toString();
    }

    /** A ratio as the tables show it. */
    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** The median of alternating rounds: one round disturbed by other work on the machine does not move it. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code 500 ms}, {@code 2 s}, {@code 1.5 s}: as a person writes a duration. */
    static String duration(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        double seconds = d.toMillis() / 1000.0;
        return seconds == Math.rint(seconds)
                ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String row(List<String> cells) {
        return "| "
                + String.join(
                        " | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
