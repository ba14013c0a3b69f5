package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    void outputKeyIsPrefixPlusFullInputKey() {
        SinkSettings settings = SinkSettings.of("out", "inverted/", 1024, true);

        assertThat(settings.outputKey("a/b/x.jpg")).isEqualTo("inverted/a/b/x.jpg");
    }

    @Test
    void nonPositiveMaxObjectBytesIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> SinkSettings.of("out", "", 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SEQGATE_MAX_OBJECT_BYTES");
    }
}
