package io.seqgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocationsTest {

    @Test
    void refusesAnOutputInsideAnInputLocationNamingBothSettings() {
        assertThatThrownBy(
                        () -> new Locations(List.of(new Location("images", "")), new Location("images", "inverted/")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_OUTPUT_BUCKET")
                .hasMessageContaining("SEQGATE_INPUT_LOCATIONS")
                .hasMessageContaining("process its own output forever");
    }

    @Test
    void reportsEveryOverlappingInputAtOnce() {
        assertThatThrownBy(() -> new Locations(
                        List.of(new Location("images", "a/"), new Location("images", "b/")),
                        new Location("images", "")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("images/a/")
                .hasMessageContaining("images/b/");
    }

    @Test
    void refusesAWholeOutputBucketWhenAnyBucketIsInput() {
        assertThatThrownBy(() -> new Locations(List.of(), new Location("output", "")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_OUTPUT_PREFIX");
    }

    @Test
    void acceptsAnOutputPrefixBesideTheInputPrefixAndNoOutputAtAll() {
        assertThat(new Locations(List.of(new Location("images", "uploads/")), new Location("images", "inverted/"))
                        .output())
                .isEqualTo(new Location("images", "inverted/"));
        assertThat(new Locations(List.of(), null).output()).isNull();
    }

    @Test
    void namesEachInputBucketOnce() {
        assertThat(new Locations(
                                List.of(
                                        new Location("in-b", ""),
                                        new Location("in-a", "x/"),
                                        new Location("in-a", "y/")),
                                null)
                        .inputBuckets())
                .containsExactly("in-a", "in-b");
    }
}
