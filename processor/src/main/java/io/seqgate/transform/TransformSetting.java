package io.seqgate.transform;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting a transform reads, as its {@link TransformProvider} declares it: a name, a kind, a
 * default, and what it means. seqgate reads it from {@code SEQGATE_TRANSFORM_<NAME>_<SETTING>} and
 * checks it at start:
 * <ul>
 *   <li>{@link Kind#TEXT}: any text ({@link TransformSettings#text});</li>
 *   <li>{@link Kind#WHOLE_NUMBER}: a whole number in a range ({@link TransformSettings#wholeNumber});</li>
 *   <li>{@link Kind#DURATION}: a positive duration, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 *       {@code 7d} or ISO-8601 such as {@code PT30S} ({@link TransformSettings#duration});</li>
 *   <li>{@link Kind#URL}: an absolute {@code http} or {@code https} URL ({@link TransformSettings#url}).</li>
 * </ul>
 * A setting whose value changes what the transform makes (a thumbnail's size) is declared
 * {@linkplain #shapingOutput() shaping the output}: its value is recorded with the transform's identity in
 * every output, so that changing it makes {@code seqgate reconcile} derive every output again.
 */
public final class TransformSetting {

    /** What values a setting takes. */
    public enum Kind {
        TEXT,
        WHOLE_NUMBER,
        DURATION,
        URL
    }

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final String name;
    private final Kind kind;
    private final String defaultValue;
    private final String description;
    private final long min;
    private final long max;
    private final boolean shapesOutput;

    private TransformSetting(
            String name, Kind kind, String defaultValue, String description, long min, long max, boolean shapesOutput) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name '" + name
                    + "' must be upper-case letters, digits and underscores, starting with" + " a letter");
        }
        this.name = name;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " needs a description");
        }
        if (min > max) {
            throw new IllegalArgumentException("setting " + name + ": min " + min + " is above max " + max);
        }
        this.min = min;
        this.max = max;
        this.shapesOutput = shapesOutput;
    }

    /** Any text; {@code defaultValue} null makes it required. */
    public static TransformSetting text(String name, String defaultValue, String description) {
        return new TransformSetting(name, Kind.TEXT, defaultValue, description, 0, 0, false);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static TransformSetting wholeNumber(String name, long defaultValue, long min, long max, String description) {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(
                    "setting " + name + ": default " + defaultValue + " is outside " + min + " to " + max);
        }
        return new TransformSetting(
                name, Kind.WHOLE_NUMBER, String.valueOf(defaultValue), description, min, max, false);
    }

    /** A positive duration; {@code defaultValue} (e.g. {@code 30s}) null makes it required. */
    public static TransformSetting duration(String name, String defaultValue, String description) {
        return new TransformSetting(name, Kind.DURATION, defaultValue, description, 1, Long.MAX_VALUE, false);
    }

    /** A positive duration of at most {@code max}. */
    public static TransformSetting duration(String name, String defaultValue, Duration max, String description) {
        return new TransformSetting(name, Kind.DURATION, defaultValue, description, 1, max.toMillis(), false);
    }

    /** An absolute http or https URL; {@code defaultValue} null makes it required. */
    public static TransformSetting url(String name, String defaultValue, String description) {
        return new TransformSetting(name, Kind.URL, defaultValue, description, 0, 0, false);
    }

    /** This setting, with its value recorded in every output's transform identity. */
    public TransformSetting shapingOutput() {
        return new TransformSetting(name, kind, defaultValue, description, min, max, true);
    }

    /** The name after {@code SEQGATE_TRANSFORM_<NAME>_}, e.g. {@code SIZE}. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The value when none is set, as it would be written; null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return defaultValue == null;
    }

    public String description() {
        return description;
    }

    /** The smallest value of a {@link Kind#WHOLE_NUMBER}, or of a {@link Kind#DURATION} in milliseconds. */
    public long min() {
        return min;
    }

    /** The largest value of a {@link Kind#WHOLE_NUMBER}, or of a {@link Kind#DURATION} in milliseconds. */
    public long max() {
        return max;
    }

    /** Whether its value is recorded in every output's transform identity. */
    public boolean shapesOutput() {
        return shapesOutput;
    }

    @Override
    public String toString() {
        return name + " (" + kind + (required() ? ", required" : ", default " + defaultValue) + ")";
    }
}
