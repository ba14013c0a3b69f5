package io.seqgate.bench;

import java.util.ArrayList;
import java.util.List;

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

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
