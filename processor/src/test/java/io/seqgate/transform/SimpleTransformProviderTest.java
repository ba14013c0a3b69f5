package io.seqgate.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleTransformProviderTest {

    private static final TransformSetting GREETING = TransformSetting.text("GREETING", "hello ", "what goes first");

    /** What a plugin writes: a public constructor without parameters passing the values on. */
    public static final class Greet extends SimpleTransformProvider {
        public Greet() {
            super("greet", "2", "puts GREETING before the bytes", List.of(GREETING), settings -> {
                byte[] greeting = settings.text("GREETING").getBytes(StandardCharsets.UTF_8);
                return input -> {
                    byte[] out = new byte[greeting.length + input.bytes().length];
                    System.arraycopy(greeting, 0, out, 0, greeting.length);
                    System.arraycopy(input.bytes(), 0, out, greeting.length, input.bytes().length);
                    return new TransformOutput(out, "text/plain");
                };
            });
        }
    }

    private static TransformInput input(String text) {
        return new TransformInput("in", "a.txt", null, null, "text/plain", null, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersWithTheNameVersionDescriptionAndSettingsItWasGiven() {
        Greet provider = new Greet();

        assertThat(provider.name()).isEqualTo("greet");
        assertThat(provider.version()).isEqualTo("2");
        assertThat(provider.description()).isEqualTo("puts GREETING before the bytes");
        assertThat(provider.settings()).containsExactly(GREETING);
    }

    @Test
    void createsTheTransformWithTheFactoryFromTheSettingsValues() throws Exception {
        Transform transform = new Greet().create(new TransformSettings(Map.of("GREETING", "hi "), 1024, 1024));

        assertThat(new String(transform.apply(input("there")).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("hi there");
    }

    @Test
    void aTransformWithoutSettingsDeclaresNone() {
        SimpleTransformProvider provider =
                new SimpleTransformProvider("same", "1", "the input as it is", settings -> input -> null) {};

        assertThat(provider.settings()).isEmpty();
    }

    @Test
    void whatTheFactoryThrowsIsWhatCreateThrows() {
        SimpleTransformProvider provider = new SimpleTransformProvider("broken", "1", "never starts", settings -> {
            throw new IllegalStateException("no licence key");
        }) {};

        assertThatThrownBy(() -> provider.create(new TransformSettings(Map.of(), 1024, 1024)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no licence key");
    }

    @Test
    void itsSettingsDoNotChangeWhenTheListGivenDoes() {
        List<TransformSetting> given = new ArrayList<>(List.of(GREETING));
        SimpleTransformProvider provider =
                new SimpleTransformProvider("greet", "1", "greets", given, settings -> input -> null) {};

        given.clear();

        assertThat(provider.settings()).containsExactly(GREETING);
    }
}
