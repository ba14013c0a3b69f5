package io.seqgate.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The transform the sink runs, as the environment names it (docs/transforms.md). Which transforms exist,
 * and what their settings take, is known only once the built-ins and the plugin jars are looked at, at
 * start ({@code runtime.Transforms}); this record holds what was asked for.
 *
 * @param name       {@code SEQGATE_TRANSFORM}: the transform's name, {@value #DEFAULT} unless set
 * @param pluginPath {@code SEQGATE_TRANSFORM_PATH}: the directory whose jars hold third-party transforms,
 *                   or empty for the built-ins alone
 * @param settings   every other {@code SEQGATE_TRANSFORM_*} variable by its full name, as given; the chosen
 *                   transform's are {@code SEQGATE_TRANSFORM_<NAME>_<SETTING>}
 */
public record TransformChoice(String name, Optional<Path> pluginPath, Map<String, String> settings) {

    public static final String NAME_VARIABLE = "SEQGATE_TRANSFORM";
    public static final String PATH_VARIABLE = "SEQGATE_TRANSFORM_PATH";
    /** What every transform setting's variable starts with. */
    public static final String SETTINGS_PREFIX = "SEQGATE_TRANSFORM_";

    public static final String DEFAULT = "invert";

    /** Lower-case letters, digits and single dashes, starting with a letter. */
    public static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public TransformChoice {
        settings = Map.copyOf(settings);
    }

    /** The built-in default with no settings. */
    public static TransformChoice defaults() {
        return new TransformChoice(DEFAULT, Optional.empty(), Map.of());
    }

    /**
     * The variable of a transform's setting: {@code SEQGATE_TRANSFORM_} + the transform's name in upper
     * case, dashes as underscores + {@code _} + the setting's name.
     */
    public static String variable(String transformName, String settingName) {
        return settingsPrefix(transformName) + settingName;
    }

    /** What the variables of one transform's settings start with, e.g. {@code SEQGATE_TRANSFORM_THUMBNAIL_}. */
    public static String settingsPrefix(String transformName) {
        return SETTINGS_PREFIX + transformName.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /** {@code SEQGATE_TRANSFORM}'s value as a name, in lower case. */
    static String name(String value) {
        String name = value.toLowerCase(Locale.ROOT);
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a transform's name (lower-case letters, digits and dashes,"
                    + " such as invert or thumbnail), got '" + value + "'");
        }
        return name;
    }

    /** {@code SEQGATE_TRANSFORM_PATH}'s value as a path; whether it is a directory is checked at start. */
    static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getMessage());
        }
    }

    /** Every {@code SEQGATE_TRANSFORM_*} variable of {@code env} but the plugin directory, as given. */
    static Map<String, String> settingsIn(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((variable, value) -> {
            if (variable.startsWith(SETTINGS_PREFIX) && !variable.equals(PATH_VARIABLE)) {
                settings.put(variable, value);
            }
        });
        return settings;
    }
}
