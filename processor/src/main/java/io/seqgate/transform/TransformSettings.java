package io.seqgate.transform;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TransformProvider#create} gets: the values of the settings it declared, checked and
 * converted ({@code TEXT} a {@link String}, {@code WHOLE_NUMBER} a {@link Long}, {@code DURATION} a
 * {@link Duration}, {@code URL} a {@link URI}), and the limits seqgate applies to every object.
 */
public final class TransformSettings {

    private final Map<String, Object> values;
    private final long maxObjectBytes;
    private final long maxPixels;

    /**
     * @param values         by setting name ({@link TransformSetting#name()}), of the types above
     * @param maxObjectBytes {@code SEQGATE_MAX_OBJECT_BYTES}: the largest input the sink reads, and the
     *                       largest output it writes
     * @param maxPixels      {@code SEQGATE_MAX_PIXELS}: the most pixels an image transform should decode
     */
    public TransformSettings(Map<String, ?> values, long maxObjectBytes, long maxPixels) {
        this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
        if (maxObjectBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxObjectBytes = maxObjectBytes;
        this.maxPixels = maxPixels;
    }

    public String text(String name) {
        return value(name, String.class);
    }

    public long wholeNumber(String name) {
        return value(name, Long.class);
    }

    public Duration duration(String name) {
        return value(name, Duration.class);
    }

    public URI url(String name) {
        return value(name, URI.class);
    }

    /** The largest input the sink reads, and the largest output it writes ({@code SEQGATE_MAX_OBJECT_BYTES}). */
    public long maxObjectBytes() {
        return maxObjectBytes;
    }

    /**
     * The most pixels an image may have ({@code SEQGATE_MAX_PIXELS}); check it from the image's header,
     * before decoding, and refuse larger ones with {@link UnsupportedObjectException}.
     */
    public long maxPixels() {
        return maxPixels;
    }

    private <T> T value(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value for setting " + name + "; declared: " + values.keySet());
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("setting " + name + " is a "
                    + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
