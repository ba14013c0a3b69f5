package io.seqgate.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void runsTheSinkOnWorkersUnlessToldSync() {
        assertThat(DemoOptions.parse(new String[0]).syncSink()).isFalse();
        assertThat(DemoOptions.parse(new String[] {"--sink", "sync"}).syncSink())
                .isTrue();
        assertThat(DemoOptions.parse(new String[] {"--sink=async"}).syncSink()).isFalse();
    }

    @Test
    void refusesAnUnknownSinkModeNamingTheOption() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--sink", "fast"}))
                .isInstanceOf(DemoOptions.BadOption.class)
                .hasMessage("--sink: expected async or sync, got 'fast'");
    }

    @Test
    void runsInvertUnlessAnotherTransformIsNamed() {
        assertThat(DemoOptions.parse(new String[0]).transform()).isEqualTo("invert");
        assertThat(DemoOptions.parse(new String[] {"--transform", "thumbnail"}).transform())
                .isEqualTo("thumbnail");
        assertThat(DemoOptions.parse(new String[] {"--transform=Copy"}).transform())
                .isEqualTo("copy");
    }

    @Test
    void refusesATransformNameThatIsNoNameNamingTheOption() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--transform", "my thumbnails"}))
                .isInstanceOf(DemoOptions.BadOption.class)
                .hasMessage("--transform: expected a transform's name such as thumbnail, got 'my thumbnails'");
    }
}
