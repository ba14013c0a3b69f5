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
}
