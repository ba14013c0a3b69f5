package io.seqgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of settings is the table of {@link Settings}, rendered: a row added,
 * a default or a description changed in one and not the other fails here, and the failure prints the
 * table to paste between the markers.
 */
class ConfigurationDocTest {

    /** From the processor module's directory, where the tests run. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    static final String BEGIN = "<!-- settings table: rendered from processor/src/main/java/io/seqgate/config/"
            + "Settings.java by ConfigurationDocTest, which prints it when the two differ -->\n";
    static final String END = "<!-- end of settings table -->\n";

    @Test
    void theDocumentedTableIsTheTableOfSettings() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("the marker line %s in %s", BEGIN.strip(), DOC).isNotNegative();
        assertThat(end).as("the marker line %s in %s", END.strip(), DOC).isGreaterThan(begin);
        String documented = doc.substring(begin + BEGIN.length(), end);
        String rendered = table();
        if (!documented.equals(rendered)) {
            fail("docs/configuration.md's table of settings is not the table of Settings.java (first difference:"
                    + "\n  documented: " + firstDifference(documented, rendered)
                    + "\n  Settings:   " + firstDifference(rendered, documented)
                    + "\n). Replace the lines between its markers with these:\n\n" + rendered);
        }
    }

    /** The first line of {@code table} that is not the same line of {@code other}, or "(none)". */
    private static String firstDifference(String table, String other) {
        List<String> lines = table.lines().toList();
        List<String> others = other.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (i >= others.size() || !lines.get(i).equals(others.get(i))) {
                return lines.get(i);
            }
        }
        return "(none)";
    }

    /** One row a setting, in the order of {@link Settings}. */
    static String table() {
        StringBuilder md = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (Setting<?> setting : Settings.all()) {
            md.append("| `").append(setting.name()).append('`');
            if (setting.alias() != null) {
                md.append(" (`").append(setting.alias()).append("`)");
            }
            md.append(" | ")
                    .append(setting.shownDefault())
                    .append(" | ")
                    .append(setting.description())
                    .append(" |\n");
        }
        return md.toString();
    }
}
