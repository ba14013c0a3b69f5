package io.seqgate.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code ./seqgate dev} keeps its console to seqgate's own lines; the log file has everything. */
class DevLoggingTest {

    private static final String RECOVERABLE_METADATA =
            "The metadata response from the cluster reported a recoverable issue";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path logFile;

    @BeforeEach
    void logLikeDev() {
        originalErr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        logFile = dir.resolve("seqgate-dev.log");
        assertThat(DevLogging.toFile(logFile)).isTrue();
    }

    @AfterEach
    void restoreTestLogging() throws JoranException {
        System.setErr(originalErr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void kafkasRecoverableMetadataWarningGoesToTheLogFileOnly() throws IOException {
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn(RECOVERABLE_METADATA);

        assertThat(console()).doesNotContain(RECOVERABLE_METADATA);
        assertThat(logFile()).contains(RECOVERABLE_METADATA);
    }

    @Test
    void seqgatesOwnLinesReachTheConsoleOnceAndTheLogFile() throws IOException {
        LoggerFactory.getLogger("io.seqgate.runtime.ProcessorRunner")
                .info("Kafka Streams state REBALANCING -> RUNNING");

        assertThat(console()).containsOnlyOnce("Kafka Streams state REBALANCING -> RUNNING");
        assertThat(logFile()).contains("Kafka Streams state REBALANCING -> RUNNING");
    }

    @Test
    void anErrorOfAnyLibraryReachesTheConsole() {
        LoggerFactory.getLogger("org.apache.kafka.streams.processor.internals.StreamThread")
                .error("stream thread died");

        assertThat(console()).containsOnlyOnce("stream thread died");
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private String logFile() throws IOException {
        return Files.readString(logFile);
    }
}
