package io.seqgate.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChaosTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheOptionsAndExitsZero() {
        int code = Chaos.run(new String[] {"--help"}, print(out), print(err));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("usage: seqgate chaos")
                .contains("--kills N", "--duration D");
    }

    @Test
    void unknownOptionIsRefusedWithUsageAndExitTwo() {
        int code = Chaos.run(new String[] {"--kill", "5"}, print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("unknown option --kill")
                .contains("usage: seqgate chaos");
    }

    @Test
    void optionWithoutValueIsRefused() {
        int code = Chaos.run(new String[] {"--duration"}, print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--duration needs a value");
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
