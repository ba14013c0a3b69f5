package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Markdown a section adds to BENCHMARKS.md, against a copy kept under {@code report/} in the test
 * resources: the prose of a section's report is pinned to the byte, so that moving or reshaping the
 * code that writes it cannot change the document.
 */
final class ReportText {

    private ReportText() {}

    /** What {@code report} holds as BENCHMARKS.md shows it: the targets table, then the sections. */
    static String of(Report report) {
        return report.targetsTable() + report.body();
    }

    static void assertMatches(Report report, String resource) {
        assertThat(of(report)).isEqualTo(read("report/" + resource));
    }

    private static String read(String resource) {
        try (InputStream in = ReportText.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
