package io.seqgate.streams;

import static org.awaitility.Awaitility.await;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Outcome;
import io.seqgate.runtime.StreamsProperties;
import io.seqgate.sink.ObjectSink;
import io.seqgate.streams.async.SinkWorkers;
import io.seqgate.streams.async.TaskJobs;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, with its topics at hand. */
final class GateDriver implements AutoCloseable {

    final SeqgateConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<String, Outcome> outcomes;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final List<Outcome> collected = new ArrayList<>();
    private Path ownedStateDir;

    /** With the asynchronous sink on {@link #inlineWorkers()}. */
    GateDriver(Path stateDir, Map<String, String> settings, ObjectSink sink) {
        this(stateDir, settings, sink, inlineWorkers());
    }

    /** @param workers the workers the asynchronous sink runs on (unused by the synchronous one) */
    GateDriver(Path stateDir, Map<String, String> settings, ObjectSink sink, SinkWorkers workers) {
        Map<String, String> env =
                new HashMap<>(Map.of("SEQGATE_INSTANCE_ID", "test-instance", "SEQGATE_STATE_DIR", stateDir.toString()));
        env.putAll(settings);
        config = SeqgateConfig.fromEnv(env);
        Properties props = StreamsProperties.of(config, Duration.ZERO);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                SeqgateTopology.build(config.topology(), 1, Optional.ofNullable(sink), SeqgateMetrics.none(), workers),
                props);
        input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        outcomes = driver.createOutputTopic(
                config.topics().outcomes(),
                new StringDeserializer(),
                SeqgateSerdes.outcome().deserializer());
        deadLetters = driver.createOutputTopic(
                config.topics().deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    GateDriver(Path stateDir) {
        this(stateDir, Map.of(), null);
    }

    /** Pipes a message keyed as MinIO keys it ({@code bucket/key}), or with the given key. */
    void send(String recordKey, String message) {
        input.pipeInput(
                recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8),
                message.getBytes(StandardCharsets.UTF_8));
    }

    List<Outcome> outcomes() {
        return outcomes.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    KeyValueStore<String, ObjectState> store() {
        return driver.getKeyValueStore(Names.STATE_STORE);
    }

    KeyValueStore<String, PendingWork> pending() {
        return driver.getKeyValueStore(Names.PENDING_STORE);
    }

    /**
     * Workers that run each job at once, on the thread that hands it over: the asynchronous sink then
     * ends every event before {@code pipeInput} returns, as the synchronous one does.
     */
    static SinkWorkers inlineWorkers() {
        return new SinkWorkers(Runnable::run, 1_000);
    }

    /**
     * Lets wall-clock time pass, one punctuation period per poll, so that the asynchronous sink
     * records its results, until at least {@code count} outcomes have been read; returns every outcome
     * read so far by this method.
     */
    List<Outcome> awaitOutcomes(int count) {
        await().atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    driver.advanceWallClockTime(TaskJobs.DRAIN_INTERVAL);
                    collected.addAll(outcomes.readValuesToList());
                    return collected.size() >= count;
                });
        return List.copyOf(collected);
    }

    /** A driver with a state directory of its own, deleted on close (for property tries). */
    static GateDriver inTempStateDir(Map<String, String> settings, ObjectSink sink) throws IOException {
        return inTempStateDir(settings, sink, inlineWorkers());
    }

    static GateDriver inTempStateDir(Map<String, String> settings, ObjectSink sink, SinkWorkers workers)
            throws IOException {
        Path dir = Files.createTempDirectory("seqgate-gate");
        GateDriver gate = new GateDriver(dir, settings, sink, workers);
        gate.ownedStateDir = dir;
        return gate;
    }

    @Override
    public void close() {
        driver.close();
        if (ownedStateDir != null) {
            try (Stream<Path> paths = Files.walk(ownedStateDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
