package io.seqgate.devstack.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.cli.Console;
import io.seqgate.cli.Main;
import io.seqgate.devstack.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code seqgate probe}'s options: the parsing only, nothing is probed. */
class ProbeOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ProbeCommand parse(Map<String, String> env, String... args) {
        ProbeCommand probe = new ProbeCommand(new Console(env, print(out), print(err)));
        Main.configure(new CommandLine(probe), print(out), print(err)).parseArgs(args);
        return probe;
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, UTF_8);
    }

    @Test
    void defaultsStartTwoInstancesAndUseTheDocumentedLoad() {
        ProbeCommand p = parse(Map.of());

        assertThat(p.instances()).isEmpty();
        assertThat(p.objects).isEqualTo(20);
        assertThat(p.requests).isEqualTo(200);
        assertThat(p.stalled).isEqualTo(8);
        assertThat(p.clients).isEqualTo(50);
        assertThat(p.perClient).isEqualTo(8);
    }

    @Test
    void takesEveryUrlGivenInEitherSyntaxWithoutTheTrailingSlash() {
        ProbeCommand p = parse(Map.of(), "--url", "http://127.0.0.1:8080/", "--url=http://127.0.0.1:8081");

        assertThat(p.instances())
                .containsExactly(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081"));
    }

    @Test
    void theTokenOptionWinsOverTheEnvironment() {
        assertThat(parse(Map.of("SEQGATE_HTTP_TOKEN", "from-env")).token()).isEqualTo("from-env");
        assertThat(parse(Map.of("SEQGATE_HTTP_TOKEN", "from-env"), "--token=given")
                        .token())
                .isEqualTo("given");
    }

    @Test
    void refusesAZeroCountNamingTheOptionWithExitTwo() {
        int exit = Cli.run(new String[] {"probe", "--clients", "0"}, Map.of(), print(out), print(err));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(UTF_8))
                .startsWith("Invalid value for option '--clients': expected a whole number from 1 up, got '0'");
    }
}
