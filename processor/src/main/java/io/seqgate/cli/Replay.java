package io.seqgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.runtime.Directories;
import io.seqgate.runtime.StreamsProperties;
import io.seqgate.streams.DeadLetters;
import io.seqgate.streams.SeqgateTopology;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@code seqgate replay FILE}: what would seqgate decide for this dump of notifications? Runs the
 * production topology (not a re-implementation of its rules) in-process with TopologyTestDriver,
 * sink disabled, over a file with one notification message per line, in file order, and prints one
 * JSON line per object event. Blank lines are skipped; an unparseable line prints as INVALID.
 */
public final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SeqgateConfig config;

    public Replay(SeqgateConfig config) {
        this.config = config;
    }

    public void run(Path file, PrintStream out) throws IOException {
        Path stateDir = Files.createTempDirectory("seqgate-replay");
        Properties props = StreamsProperties.of(config, Duration.ZERO);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver =
                        new TopologyTestDriver(SeqgateTopology.build(config.topology(), 1, Optional.empty()), props);
                BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(
                    config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, Outcome> outcomes = driver.createOutputTopic(
                    config.topics().outcomes(),
                    new StringDeserializer(),
                    SeqgateSerdes.outcome().deserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(
                    config.topics().deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
                for (TestRecord<byte[], byte[]> dead : deadLetters.readRecordsToList()) {
                    out.println(invalid(number, dead));
                }
                for (Outcome outcome : outcomes.readValuesToList()) {
                    out.println(line(outcome));
                }
            }
        } finally {
            Directories.deleteRecursively(stateDir);
        }
    }

    static String line(Outcome o) {
        ObjectNode n = JSON.createObjectNode();
        putPresent(n, "bucket", o.bucket());
        putPresent(n, "key", o.key());
        putPresent(n, "sequencer", o.sequencer());
        putPresent(n, "event", o.event());
        n.put("decision", o.decision().name());
        n.put("reason", o.reason());
        return n.toString();
    }

    private static void putPresent(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static String invalid(int number, TestRecord<byte[], byte[]> dead) {
        Header reason = dead.headers().lastHeader(DeadLetters.REASON);
        ObjectNode n = JSON.createObjectNode();
        n.put("line", number);
        n.put("decision", Decision.INVALID.name());
        n.put("reason", reason == null ? "unparseable" : new String(reason.value(), StandardCharsets.UTF_8));
        return n.toString();
    }
}
