package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    void outputKeyIsPrefixPlusFullInputKey() {
        SinkSettings settings = SinkSettings.of("out", "inverted/", 1024, true);

        assertThat(settings.outputKey("in", "a/b/x.jpg")).isEqualTo("inverted/a/b/x.jpg");
    }

    @Test
    void outputKeyCarriesTheInputBucketWhenTheInputSpansBuckets() {
        SinkSettings settings = new SinkSettings(
                "out",
                "inverted/",
                true,
                1024,
                true,
                SinkSettings.DEFAULT_BACKOFF_BASE,
                SinkSettings.DEFAULT_BACKOFF_CAP,
                SinkSettings.DEFAULT_RETRY_BUDGET,
                SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);

        assertThat(settings.outputKey("in-a", "x.jpg")).isEqualTo("inverted/in-a/x.jpg");
        assertThat(settings.outputKey("in-b", "x.jpg")).isEqualTo("inverted/in-b/x.jpg");
    }

    @Test
    void nonPositiveMaxObjectBytesIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> SinkSettings.of("out", "", 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SEQGATE_MAX_OBJECT_BYTES");
    }
}
