package io.seqgate.runtime;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.SinkLimits;
import io.seqgate.config.TransformChoice;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformProvider;
import io.seqgate.transform.TransformSetting;
import io.seqgate.transform.TransformSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The transform the configuration chose ({@code SEQGATE_TRANSFORM}, docs/transforms.md), found among
 * the built-ins and the plugin jars ({@link TransformPlugins}), its settings checked against what it
 * declares, and its identity: {@code name/version}, followed by the values of the settings that shape its
 * output ({@code thumbnail/1;size=256}). Every problem is reported at once, each naming its variable or
 * its jar, as {@link InvalidConfigException}, so the processor refuses to start.
 */
public final class Transforms {

    /** Longer settings in an identity are recorded as a hash: S3 keeps 2 KB of user metadata per object. */
    static final int MAX_SHAPING_CHARS = 200;

    private Transforms() {}

    /** The chosen transform, ready to be made; holds the plugin jars open until closed. */
    public static final class Selected implements AutoCloseable {
        private final TransformPlugins.Found chosen;
        private final TransformSettings settings;
        private final String identity;
        private final TransformPlugins plugins;

        private Selected(
                TransformPlugins.Found chosen, TransformSettings settings, String identity, TransformPlugins plugins) {
            this.chosen = chosen;
            this.settings = settings;
            this.identity = identity;
            this.plugins = plugins;
        }

        /** What every output of it records, e.g. {@code invert/1} or {@code thumbnail/1;size=256}. */
        public String identity() {
            return identity;
        }

        /** Its name, e.g. {@code thumbnail}. */
        public String name() {
            return chosen.provider().name();
        }

        /** {@code built in}, or {@code jar <path>}. */
        public String origin() {
            return chosen.origin();
        }

        /**
         * Makes the transform.
         *
         * @throws InvalidConfigException when the transform refuses to start, naming it and its jar
         */
        public Transform create() {
            Transform transform;
            try {
                transform = chosen.provider().create(settings);
            } catch (Exception | LinkageError e) {
                throw new InvalidConfigException(List.of(startFailed("failed to start: " + e)));
            }
            if (transform == null) {
                throw new InvalidConfigException(List.of(startFailed("made no transform (create returned null)")));
            }
            return transform;
        }

        /** Closes the plugin jars: after the transform was closed. */
        @Override
        public void close() {
            plugins.close();
        }

        private String startFailed(String what) {
            return TransformChoice.NAME_VARIABLE + "=" + name() + " (" + origin() + "): the transform " + what;
        }
    }

    /** The transform {@code config} chooses, with seqgate's limits. */
    public static Selected select(SeqgateConfig config) {
        return select(config.transform(), config.sinkLimits());
    }

    /**
     * Finds the chosen transform and checks its settings.
     *
     * @throws InvalidConfigException naming every problem: an unknown name, a missing or invalid setting,
     *                                an unknown {@code SEQGATE_TRANSFORM_*} variable, a plugin jar that
     *                                cannot be loaded
     */
    public static Selected select(TransformChoice choice, SinkLimits limits) {
        TransformPlugins plugins = TransformPlugins.discover(choice.pluginPath());
        List<String> problems = new ArrayList<>(plugins.problems());
        TransformPlugins.Found chosen = plugins.found().stream()
                .filter(f -> f.provider().name().equals(choice.name()))
                .findFirst()
                .orElse(null);
        if (chosen == null) {
            problems.add(unknown(choice, plugins));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder shaping = new StringBuilder();
        if (chosen != null) {
            for (TransformSetting setting : chosen.provider().settings()) {
                Object value = value(chosen.provider().name(), setting, choice.settings(), problems);
                if (value != null) {
                    values.put(setting.name(), value);
                    if (setting.shapesOutput()) {
                        shaping.append(';')
                                .append(setting.name().toLowerCase(Locale.ROOT))
                                .append('=')
                                .append(encoded(written(value)));
                    }
                }
            }
        }
        unknownVariables(choice, plugins, chosen, problems);
        if (!problems.isEmpty()) {
            plugins.close();
            throw new InvalidConfigException(problems);
        }
        TransformProvider provider = chosen.provider();
        return new Selected(
                chosen,
                new TransformSettings(values, limits.maxObjectBytes(), limits.maxPixels()),
                provider.name() + "/" + provider.version() + bounded(shaping.toString()),
                plugins);
    }

    private static String unknown(TransformChoice choice, TransformPlugins plugins) {
        String known = plugins.found().stream()
                .sorted(Comparator.comparing(f -> f.provider().name()))
                .map(f -> f.provider().name() + " (" + f.origin() + ")")
                .collect(Collectors.joining(", "));
        return TransformChoice.NAME_VARIABLE + ": no transform is named '" + choice.name() + "'; there are: " + known
                + (choice.pluginPath().isEmpty()
                        ? " (" + TransformChoice.PATH_VARIABLE + " names a directory of plugin jars)"
                        : "");
    }

    /** The value of one declared setting, converted, or null (and a problem) when it is missing or invalid. */
    private static Object value(
            String transform, TransformSetting setting, Map<String, String> given, List<String> problems) {
        String variable = TransformChoice.variable(transform, setting.name());
        String raw = given.get(variable);
        boolean fromDefault = raw == null || raw.isBlank();
        String text = fromDefault ? setting.defaultValue() : raw.trim();
        if (text == null) {
            problems.add(variable + " is required by the " + transform + " transform: " + setting.description());
            return null;
        }
        try {
            return parse(setting, text);
        } catch (IllegalArgumentException e) {
            problems.add(
                    variable + ": " + (fromDefault ? "the transform's own default is invalid: " : "") + e.getMessage());
            return null;
        }
    }

    /** {@code text} as the setting's kind takes it, or IllegalArgumentException saying what was expected. */
    static Object parse(TransformSetting setting, String text) {
        return switch (setting.kind()) {
            case TEXT -> text;
            case WHOLE_NUMBER -> wholeNumber(text, setting.min(), setting.max());
            case DURATION -> duration(SeqgateConfig.duration(text), text, setting.max());
            case URL -> url(text);
        };
    }

    private static long wholeNumber(String text, long min, long max) {
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(
                "expected a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static Duration duration(Duration d, String text, long maxMillis) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be positive, got '" + text + "'");
        }
        if (d.toMillis() > maxMillis) {
            throw new IllegalArgumentException(
                    "must be at most " + written(Duration.ofMillis(maxMillis)) + ", got '" + text + "'");
        }
        return d;
    }

    private static URI url(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException(
                "expected an http or https URL such as http://thumbnailer:8080/thumbnail, got '" + text + "'");
    }

    /** A value as an identity records it: the same value always reads the same ({@code 064} is {@code 64}). */
    private static String written(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        return String.valueOf(value);
    }

    /**
     * Every {@code SEQGATE_TRANSFORM_*} variable must be a setting of a transform found: the chosen one's
     * declared settings, or another transform's (kept, so that switching back needs no edit). A variable
     * belongs to the transform with the longest name prefix it starts with.
     */
    private static void unknownVariables(
            TransformChoice choice, TransformPlugins plugins, TransformPlugins.Found chosen, List<String> problems) {
        for (String variable : choice.settings().keySet()) {
            TransformProvider owner = null;
            for (TransformPlugins.Found f : plugins.found()) {
                String prefix = TransformChoice.settingsPrefix(f.provider().name());
                if (variable.startsWith(prefix)
                        && (owner == null
                                || prefix.length()
                                        > TransformChoice.settingsPrefix(owner.name())
                                                .length())) {
                    owner = f.provider();
                }
            }
            if (owner == null) {
                problems.add(variable + " is not a setting of any transform found (a transform's settings are "
                        + TransformChoice.SETTINGS_PREFIX + "<NAME>_<SETTING>)");
            } else if (chosen != null && owner == chosen.provider() && !declares(owner, variable)) {
                problems.add(variable + " is not a setting of the " + owner.name() + " transform (" + declaredOf(owner)
                        + ")");
            }
        }
    }

    private static boolean declares(TransformProvider provider, String variable) {
        return provider.settings().stream()
                .anyMatch(
                        s -> TransformChoice.variable(provider.name(), s.name()).equals(variable));
    }

    private static String declaredOf(TransformProvider provider) {
        if (provider.settings().isEmpty()) {
            return "it has none";
        }
        return "its settings: "
                + provider.settings().stream()
                        .map(s -> TransformChoice.variable(provider.name(), s.name()))
                        .collect(Collectors.joining(", "));
    }

    /**
     * Percent-encodes the UTF-8 bytes of what is not a letter, a digit or one of {@code .-_~} (RFC 3986's
     * unreserved characters): an identity is ASCII, as S3 metadata is. {@link URLEncoder} writes a form's
     * encoding, which differs in three characters (a space is {@code +} there, {@code *} is kept and
     * {@code ~} encoded).
     */
    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String bounded(String shaping) {
        if (shaping.length() <= MAX_SHAPING_CHARS) {
            return shaping;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shaping.getBytes(StandardCharsets.US_ASCII));
            return ";sha256=" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
