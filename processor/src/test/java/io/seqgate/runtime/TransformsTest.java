package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SinkLimits;
import io.seqgate.config.TransformChoice;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.builtin.InvertColours;
import io.seqgate.transform.builtin.Thumbnail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which transform {@code SEQGATE_TRANSFORM} chooses, its identity, and every way the choice can be
 * wrong — each refusing the start with the variable or the jar named. Plugin jars are compiled in the
 * test, so that their classes come from the jar alone.
 */
class TransformsTest {

    private static final SinkLimits LIMITS = new SinkLimits(1024 * 1024, SinkLimits.DEFAULT_MAX_PIXELS);

    @TempDir
    Path plugins;

    private static TransformChoice choice(String name, Map<String, String> settings) {
        return new TransformChoice(name, Optional.empty(), settings);
    }

    private TransformChoice withPlugins(String name, Map<String, String> settings) {
        return new TransformChoice(name, Optional.of(plugins), settings);
    }

    private static TransformInput input(String text) {
        return new TransformInput("in", "a.txt", null, null, "text/plain", null, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String problems(TransformChoice choice) {
        try (Transforms.Selected selected = Transforms.select(choice, LIMITS)) {
            throw new AssertionError("expected a refusal, got " + selected.identity());
        } catch (InvalidConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void theDefaultIsInvertWhoseOutputsRecordInvertSlashOne() {
        try (Transforms.Selected selected = Transforms.select(TransformChoice.defaults(), LIMITS)) {
            assertThat(selected.identity()).isEqualTo("invert/1");
            assertThat(selected.origin()).isEqualTo("built in");
            assertThat(selected.create()).isInstanceOf(InvertColours.class);
        }
    }

    @Test
    void theIdentityRecordsTheValueOfEverySettingThatShapesTheOutput() {
        try (Transforms.Selected byDefault = Transforms.select(choice("thumbnail", Map.of()), LIMITS);
                Transforms.Selected small = Transforms.select(
                        choice("thumbnail", Map.of("SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "064")), LIMITS)) {
            assertThat(byDefault.identity()).isEqualTo("thumbnail/1;size=256");
            assertThat(small.identity()).isEqualTo("thumbnail/1;size=64");
            assertThat(small.create()).isInstanceOf(Thumbnail.class);
        }
    }

    @Test
    void anIdentityKeepsLettersDigitsAndDotDashUnderscoreTildeAndPercentEncodesEveryOtherUtf8Byte() {
        assertThat(Transforms.encoded("AZaz09-._~ !*'()+,/:;=?@[]%\nä€\uD83D\uDE00"))
                .isEqualTo(
                        "AZaz09-._~%20%21%2A%27%28%29%2B%2C%2F%3A%3B%3D%3F%40%5B%5D%25%0A%C3%A4%E2%82%AC%F0%9F%98%80");
    }

    @Test
    void settingsThatDoNotShapeTheOutputStayOutOfTheIdentity() {
        Map<String, String> http = Map.of(
                "SEQGATE_TRANSFORM_HTTP_URL", "http://127.0.0.1:1/x?token=secret",
                "SEQGATE_TRANSFORM_HTTP_TIMEOUT", "3s",
                "SEQGATE_TRANSFORM_HTTP_VERSION", "2024 b");
        try (Transforms.Selected selected = Transforms.select(choice("http", http), LIMITS)) {
            assertThat(selected.identity()).isEqualTo("http/1;version=2024%20b");
        }
    }

    @Test
    void anUnknownNameIsRefusedNamingTheVariableAndTheTransformsThereAre() {
        assertThat(problems(choice("thumbnails", Map.of())))
                .contains("SEQGATE_TRANSFORM: no transform is named 'thumbnails'")
                .contains("copy (built in), http (built in), invert (built in), thumbnail (built in)")
                .contains("SEQGATE_TRANSFORM_PATH names a directory of plugin jars");
    }

    @Test
    void aMissingRequiredSettingIsRefusedNamingItsVariable() {
        assertThat(problems(choice("http", Map.of())))
                .contains("SEQGATE_TRANSFORM_HTTP_URL is required by the http transform");
    }

    @Test
    void anInvalidValueIsRefusedNamingItsVariableAndWhatItTakes() {
        assertThat(problems(choice("thumbnail", Map.of("SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "big"))))
                .contains("SEQGATE_TRANSFORM_THUMBNAIL_SIZE: expected a whole number from 1 to 8192, got 'big'");
        assertThat(problems(choice("http", Map.of("SEQGATE_TRANSFORM_HTTP_URL", "ftp://x/"))))
                .contains("SEQGATE_TRANSFORM_HTTP_URL: expected an http or https URL");
        assertThat(problems(choice(
                        "http",
                        Map.of("SEQGATE_TRANSFORM_HTTP_URL", "http://x/", "SEQGATE_TRANSFORM_HTTP_TIMEOUT", "0s"))))
                .contains("SEQGATE_TRANSFORM_HTTP_TIMEOUT: must be positive, got '0s'");
        assertThat(problems(choice(
                        "http",
                        Map.of("SEQGATE_TRANSFORM_HTTP_URL", "http://x/", "SEQGATE_TRANSFORM_HTTP_TIMEOUT", "2m"))))
                .contains("SEQGATE_TRANSFORM_HTTP_TIMEOUT: must be at most 60s, got '2m'");
    }

    @Test
    void aVariableTheChosenTransformDoesNotDeclareIsRefusedWithTheOnesItDoes() {
        assertThat(problems(choice("thumbnail", Map.of("SEQGATE_TRANSFORM_THUMBNAIL_SIZ", "64"))))
                .contains("SEQGATE_TRANSFORM_THUMBNAIL_SIZ is not a setting of the thumbnail transform"
                        + " (its settings: SEQGATE_TRANSFORM_THUMBNAIL_SIZE)");
    }

    @Test
    void aVariableOfNoTransformIsRefused() {
        assertThat(problems(choice("invert", Map.of("SEQGATE_TRANSFORM_SIZE", "64"))))
                .contains("SEQGATE_TRANSFORM_SIZE is not a setting of any transform found");
    }

    @Test
    void settingsOfAnotherTransformMayStaySet() {
        try (Transforms.Selected selected =
                Transforms.select(choice("copy", Map.of("SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "64")), LIMITS)) {
            assertThat(selected.identity()).isEqualTo("copy/1");
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String problems = problems(choice(
                "thumbnail",
                Map.of("SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "0", "SEQGATE_TRANSFORM_THUMBNAIL_COLOUR", "red")));
        assertThat(problems)
                .contains("SEQGATE_TRANSFORM_THUMBNAIL_SIZE: expected a whole number from 1 to 8192, got '0'")
                .contains("SEQGATE_TRANSFORM_THUMBNAIL_COLOUR is not a setting of the thumbnail transform");
    }

    @Test
    void aPluginInTheDirectoryIsFoundLoadedFromItsJarAndConfiguredLikeABuiltIn() throws Exception {
        Path jar = PluginJars.build(
                plugins,
                "greet.jar",
                Map.of("com.example.Greet", PluginJars.provider("com.example", "Greet", "greet", "", "")),
                List.of("com.example.Greet"));

        try (Transforms.Selected selected =
                Transforms.select(withPlugins("greet", Map.of("SEQGATE_TRANSFORM_GREET_GREETING", " hi: ")), LIMITS)) {
            assertThat(selected.identity()).isEqualTo("greet/1;greeting=hi%3A");
            assertThat(selected.origin()).isEqualTo("jar " + jar);
            Transform transform = selected.create();
            assertThat(transform.getClass().getClassLoader().getName()).isEqualTo("seqgate-transform-plugins");
            TransformOutput output = transform.apply(input("there"));
            assertThat(new String(output.bytes(), StandardCharsets.UTF_8)).isEqualTo("hi:there");
        }
    }

    @Test
    void aPluginIsListedAmongTheTransformsWhenTheNameIsUnknown() {
        Path jar = PluginJars.build(
                plugins,
                "greet.jar",
                Map.of("com.example.Greet", PluginJars.provider("com.example", "Greet", "greet", "", "")),
                List.of("com.example.Greet"));

        assertThat(problems(withPlugins("gret", Map.of()))).contains("greet (jar " + jar + ")");
    }

    @Test
    void aPluginDirectoryThatIsNotADirectoryIsRefused() {
        TransformChoice choice = new TransformChoice("invert", Optional.of(plugins.resolve("missing")), Map.of());

        assertThat(problems(choice))
                .contains("SEQGATE_TRANSFORM_PATH: " + plugins.resolve("missing") + " is not a directory");
    }

    @Test
    void aJarThatIsNoJarIsRefusedNamingIt() {
        Path jar = PluginJars.garbage(plugins, "broken.jar");

        assertThat(problems(withPlugins("invert", Map.of())))
                .contains("SEQGATE_TRANSFORM_PATH: " + jar + " is not a readable jar");
    }

    @Test
    void aJarListingAProviderItDoesNotHoldIsRefusedNamingTheJarAndTheClass() {
        Path jar = PluginJars.build(plugins, "empty.jar", Map.of(), List.of("com.example.Missing"));

        assertThat(problems(withPlugins("invert", Map.of())))
                .contains("SEQGATE_TRANSFORM_PATH: " + jar + ": cannot load transform provider com.example.Missing");
    }

    @Test
    void aProviderWhoseConstructorThrowsIsRefusedNamingItsJarEvenWhenAnotherTransformIsChosen() {
        Path jar = PluginJars.build(
                plugins,
                "throws.jar",
                Map.of(
                        "com.example.Throws",
                        PluginJars.provider(
                                "com.example",
                                "Throws",
                                "throws",
                                "throw new IllegalStateException(\"no licence\");",
                                "")),
                List.of("com.example.Throws"));

        assertThat(problems(withPlugins("invert", Map.of())))
                .contains("SEQGATE_TRANSFORM_PATH: " + jar + ": cannot load transform provider com.example.Throws")
                .contains("no licence");
    }

    @Test
    void aTransformThatThrowsAtStartRefusesTheStartNamingItAndItsJar() {
        Path jar = PluginJars.build(
                plugins,
                "late.jar",
                Map.of(
                        "com.example.Late",
                        PluginJars.provider(
                                "com.example",
                                "Late",
                                "late",
                                "",
                                "if (true) throw new java.io.IOException(\"no model file\");")),
                List.of("com.example.Late"));

        try (Transforms.Selected selected = Transforms.select(withPlugins("late", Map.of()), LIMITS)) {
            assertThatThrownBy(selected::create)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("SEQGATE_TRANSFORM=late (jar " + jar + "): the transform failed to start")
                    .hasMessageContaining("no model file");
        }
    }

    @Test
    void aProviderWithAnInvalidNameIsRefusedNamingItsJar() {
        Path jar = PluginJars.build(
                plugins,
                "shout.jar",
                Map.of("com.example.Shout", PluginJars.provider("com.example", "Shout", "SHOUT", "", "")),
                List.of("com.example.Shout"));

        assertThat(problems(withPlugins("invert", Map.of())))
                .contains("jar " + jar + ": com.example.Shout: the name 'SHOUT' is not a transform name");
    }

    @Test
    void twoTransformsOfOneNameAreRefused() {
        Path jar = PluginJars.build(
                plugins,
                "copy.jar",
                Map.of("com.example.Copy", PluginJars.provider("com.example", "Copy", "copy", "", "")),
                List.of("com.example.Copy"));

        assertThat(problems(withPlugins("invert", Map.of())))
                .contains("2 transforms are named 'copy' (built in, jar " + jar + "); keep one");
    }

    @Test
    void aLibraryJarWithoutProvidersIsAllowedBesidePlugins() throws Exception {
        PluginJars.build(
                plugins,
                "library.jar",
                Map.of("com.example.lib.Util", "package com.example.lib; public class Util {}"),
                null);
        Files.createDirectories(plugins.resolve("not-a-jar-dir"));

        try (Transforms.Selected selected = Transforms.select(withPlugins("invert", Map.of()), LIMITS)) {
            assertThat(selected.identity()).isEqualTo("invert/1");
        }
    }
}
