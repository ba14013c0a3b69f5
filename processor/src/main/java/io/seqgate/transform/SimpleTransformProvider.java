package io.seqgate.transform;

import java.util.List;

/**
 * A {@link TransformProvider} whose name, version, description and settings are values, and whose
 * transform one function makes: what most providers are. A plugin's provider passes them on from its
 * public constructor without parameters, and declares nothing else:
 *
 * <pre>{@code
 * public final class UpperProvider extends SimpleTransformProvider {
 *     public UpperProvider() {
 *         super("upper", "1", "text files in upper case",
 *                 List.of(TransformSetting.text("LOCALE", "en", "the language's case rules").shapingOutput()),
 *                 settings -> new UpperTransform(Locale.forLanguageTag(settings.text("LOCALE"))));
 *     }
 * }
 * }</pre>
 *
 * seqgate checks the values when it finds the provider, as it checks any provider's, so the constructor
 * stores them and does nothing that can fail.
 */
public abstract class SimpleTransformProvider implements TransformProvider {

    /** Makes the transform from the declared settings' values, as {@link TransformProvider#create} does. */
    @FunctionalInterface
    public interface Factory {
        Transform create(TransformSettings settings) throws Exception;
    }

    private final String name;
    private final String version;
    private final String description;
    private final List<TransformSetting> settings;
    private final Factory factory;

    /**
     * @param name        {@link #name()}, e.g. {@code upper}
     * @param version     {@link #version()}, e.g. {@code 1}
     * @param description {@link #description()}
     * @param settings    {@link #settings()}, in the order they are documented
     * @param factory     makes the transform ({@link #create})
     */
    protected SimpleTransformProvider(
            String name, String version, String description, List<TransformSetting> settings, Factory factory) {
        this.name = name;
        this.version = version;
        this.description = description;
        this.settings = List.copyOf(settings);
        this.factory = factory;
    }

    /** A transform without settings of its own. */
    protected SimpleTransformProvider(String name, String version, String description, Factory factory) {
        this(name, version, description, List.of(), factory);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<TransformSetting> settings() {
        return settings;
    }

    @Override
    public final Transform create(TransformSettings settings) throws Exception {
        return factory.create(settings);
    }
}
