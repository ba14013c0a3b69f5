package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every section of the bench runs end to end at tiny sizes and the report is written where asked,
 * never to the repository's BENCHMARKS.md. No figure is asserted: this guards the bench, not the
 * performance. One measured round and the new sink only: most of the time goes to starting a fresh
 * stack and processor per row, and the old sink's rows run the same code with other settings.
 */
class BenchSmokeIT {

    @TempDir
    Path dir;

    @Test
    void everySectionRunsAndTheReportIsWrittenWhereAsked() throws IOException {
        Path report = dir.resolve("BENCHMARKS.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            exit = Bench.run(
                    new String[] {
                        "--scale",
                        "0.002",
                        "--slow-pause",
                        "100ms",
                        "--jmh-forks",
                        "0",
                        "--rounds",
                        "1",
                        "--sinks",
                        "async",
                        "--out",
                        report.toString()
                    },
                    out,
                    out);
        }

        assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        String markdown = Files.readString(report);
        assertThat(markdown)
                .contains(
                        "| cores | ",
                        "## Targets",
                        "## 1. Gate throughput",
                        "## 2. Slow objects",
                        "## 3. End-to-end latency at a steady rate",
                        "## 4. End-to-end latency with a 30 ms S3 round trip",
                        "## 5. Transform throughput",
                        "## 6. State bytes per object",
                        "## 7. Micro benchmarks (JMH)",
                        "## 8. Photos",
                        "CPU profile of the 100/s row");
        assertThat(markdown).doesNotContain("This section failed");
    }
}
