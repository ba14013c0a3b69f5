package io.seqgate.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.devstack.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqgate demo} end to end on a small config: two fresh stacks, uploads, outcomes, pixels, sheets. */
class DemoIT {

    private static final int KEYS = 12;

    @TempDir
    Path outDir;

    @Test
    void coordinatedRunLeavesEveryOutputAtTheNewestUploadAndReportsBothRuns() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Cli.run(
                    new String[] {
                        "demo",
                        "--keys",
                        String.valueOf(KEYS),
                        "--slow-probability",
                        "0.5",
                        "--slow-pause",
                        "300ms",
                        "--duplicates",
                        "0.5",
                        "--max-delay",
                        "500ms",
                        "--timeout",
                        "2m",
                        "--seed",
                        "42",
                        "--out",
                        outDir.toString()
                    },
                    Map.of(),
                    out,
                    out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("\n  coordination off\n    keys ", "\n  coordination on\n    keys ");
        assertThat(comparisonRow(printed, "outputs showing the newest \\(dog\\)")
                        .group(2))
                .isEqualTo(String.valueOf(KEYS));
        assertThat(comparisonRow(printed, "outputs showing a stale version \\(cat\\)")
                        .group(2))
                .isEqualTo("0");
        assertThat(printed).contains("OK: with coordination all " + KEYS + " outputs show the newest upload");
        for (String sheet : new String[] {"coordination-off.png", "coordination-on.png"}) {
            Path file = outDir.resolve(sheet);
            assertThat(file).exists();
            assertThat(ImageIO.read(file.toFile()))
                    .as(sheet + " decodes as an image")
                    .isNotNull();
            assertThat(Files.readAllBytes(file)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void withTheThumbnailTransformEveryCoordinatedOutputShowsTheDogsThumbnail() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Cli.run(
                    new String[] {
                        "demo",
                        "--transform",
                        "thumbnail",
                        "--keys",
                        "8",
                        "--slow-probability",
                        "0.5",
                        "--slow-pause",
                        "300ms",
                        "--duplicates",
                        "0.3",
                        "--max-delay",
                        "300ms",
                        "--timeout",
                        "2m",
                        "--seed",
                        "7",
                        "--out",
                        outDir.toString()
                    },
                    Map.of(),
                    out,
                    out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("The processor runs the thumbnail transform on every");
        assertThat(printed).contains("OK: with coordination all 8 outputs show the newest upload");
    }

    /** The side-by-side row {@code label  <off>  <on>}; group 1 is off, group 2 is on. */
    private static Matcher comparisonRow(String printed, String labelRegex) {
        Matcher row = Pattern.compile("(?m)^  " + labelRegex + "\\s+(\\S+)\\s+(\\S+)$")
                .matcher(printed);
        assertThat(row.find())
                .as("comparison row " + labelRegex + " in\n" + printed)
                .isTrue();
        return row;
    }
}
