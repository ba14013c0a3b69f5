package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.seqgate.config.SinkLimits;
import io.seqgate.config.TransformChoice;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformProvider;
import io.seqgate.transform.TransformSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/transforms.md's table of the built-in transforms' settings is what their providers declare,
 * rendered: a setting added, a default or a description changed in one and not the other fails here,
 * and the failure prints the table to paste between the markers. Its example plugin is compiled and run.
 */
class TransformsDocTest {

    private static final Path DOC = Path.of("..", "docs", "transforms.md");

    static final String BEGIN = "<!-- built-in settings: rendered from the providers' settings() by TransformsDocTest,"
            + " which prints the table when the two differ -->\n";
    static final String END = "<!-- end of built-in settings -->\n";

    @Test
    void theDocumentedSettingsAreTheOnesTheBuiltInsDeclare() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("the marker line %s in %s", BEGIN.strip(), DOC).isNotNegative();
        assertThat(end).as("the marker line %s in %s", END.strip(), DOC).isGreaterThan(begin);
        String rendered = table();
        if (!doc.substring(begin + BEGIN.length(), end).equals(rendered)) {
            fail("docs/transforms.md's table of the built-ins' settings is not what they declare. Replace the lines"
                    + " between its markers with these:\n\n" + rendered);
        }
    }

    @Test
    void theDocumentedPluginCompilesAndRecordsAndMakesWhatTheDocsSay(@TempDir Path plugins) throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("```java\npackage com.example.upper;");
        assertThat(start).as("the example plugin com.example.upper in %s", DOC).isNotNegative();
        String source = doc.substring(start + "```java\n".length(), doc.indexOf("```\n", start + 1));
        PluginJars.build(
                plugins,
                "upper.jar",
                Map.of("com.example.upper.UpperProvider", source),
                List.of("com.example.upper.UpperProvider"));
        SinkLimits limits = new SinkLimits(1024 * 1024, SinkLimits.DEFAULT_MAX_PIXELS);

        try (Transforms.Selected selected =
                Transforms.select(new TransformChoice("upper", Optional.of(plugins), Map.of()), limits)) {
            assertThat(selected.identity()).isEqualTo("upper/1;locale=en");
        }
        try (Transforms.Selected turkish = Transforms.select(
                new TransformChoice("upper", Optional.of(plugins), Map.of("SEQGATE_TRANSFORM_UPPER_LOCALE", "tr")),
                limits)) {
            TransformInput input = new TransformInput(
                    "in", "a.txt", null, null, "text/plain", null, "istanbul".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(turkish.create().apply(input).bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("\u0130STANBUL");
        }
    }

    /** One row a setting, by transform name, in the order each declares them. */
    static String table() {
        StringBuilder md = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        try (TransformPlugins plugins = TransformPlugins.discover(Optional.empty())) {
            plugins.found().stream()
                    .map(TransformPlugins.Found::provider)
                    .sorted(Comparator.comparing(TransformProvider::name))
                    .forEach(provider -> {
                        for (TransformSetting s : provider.settings()) {
                            md.append("| `")
                                    .append(TransformChoice.variable(provider.name(), s.name()))
                                    .append("` | ")
                                    .append(s.required() ? "(required)" : "`" + s.defaultValue() + "`")
                                    .append(" | ")
                                    .append(provider.name())
                                    .append(": ")
                                    .append(s.description())
                                    .append(
                                            s.kind() == TransformSetting.Kind.WHOLE_NUMBER
                                                    ? "; " + s.min() + "–" + s.max()
                                                    : "")
                                    .append(s.shapesOutput() ? "; recorded with the transform's identity" : "")
                                    .append(" |\n");
                        }
                    });
        }
        return md.toString();
    }
}
