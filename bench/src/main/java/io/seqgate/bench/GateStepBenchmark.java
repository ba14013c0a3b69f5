package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.streams.SeqgateTopology;
import io.seqgate.streams.StreamsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One event through seqgate's production topology with the sink off, in-process
 * (TopologyTestDriver, RocksDB store): parse, gate (store read and write), outcome record. Every
 * event is newer than the last one of its object, so each is ACCEPTED and written to the store.
 * Minus {@link ParseBenchmark#minioMessage}, it is the gate step and the outcome (JMH).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GateStepBenchmark {

    private static final int OBJECTS = 10_000;
    private static final int SEQUENCER_DIGITS = 16;

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> outcomes;
    private byte[][] keys;
    private byte[][] messages;
    private int[][] sequencerAt;
    private long sequencer;
    private int next;

    @Setup
    public void setUp() throws IOException {
        stateDir = Files.createTempDirectory("seqgate-bench-gate-step");
        SeqgateConfig config = SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_APPLICATION_ID", "bench-gate-step",
                "SEQGATE_INSTANCE_ID", "bench",
                "SEQGATE_INPUT_LOCATIONS", NotificationLoad.BUCKET,
                "SEQGATE_OUTPUT_BUCKET", "output",
                "SEQGATE_STATE_DIR", stateDir.toString(),
                "SEQGATE_HTTP_PORT", "off"));
        Properties props = StreamsProperties.of(config, Duration.ZERO);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SeqgateTopology.build(config, 1, Optional.empty()), props);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        outcomes = driver.createOutputTopic(config.outcomesTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        sequencer = System.currentTimeMillis() * 1_000_000L;
        keys = new byte[OBJECTS][];
        messages = new byte[OBJECTS][];
        sequencerAt = new int[OBJECTS][];
        for (int n = 0; n < OBJECTS; n++) {
            keys[n] = (NotificationLoad.BUCKET + "/" + NotificationLoad.key(n)).getBytes(StandardCharsets.UTF_8);
            messages[n] = NotificationLoad.message(n, sequencer);
            sequencerAt[n] = occurrences(messages[n], String.format("%016X", sequencer).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Benchmark
    public TestRecord<byte[], byte[]> parseGateOutcome() {
        int n = next;
        next = (next + 1) % OBJECTS;
        sequencer += 1_000;
        for (int at : sequencerAt[n]) {
            writeHex(messages[n], at, sequencer);
        }
        input.pipeInput(keys[n], messages[n]);
        return outcomes.readRecord();
    }

    @TearDown
    public void tearDown() throws IOException {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where {@code needle} starts in {@code bytes}: MinIO names the sequencer twice (also as the request id). */
    private static int[] occurrences(byte[] bytes, byte[] needle) {
        return java.util.stream.IntStream.rangeClosed(0, bytes.length - needle.length)
                .filter(i -> java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length))
                .toArray();
    }

    private static void writeHex(byte[] bytes, int at, long value) {
        for (int i = SEQUENCER_DIGITS - 1; i >= 0; i--) {
            bytes[at + i] = (byte) Character.toUpperCase(Character.forDigit((int) (value & 0xF), 16));
            value >>>= 4;
        }
    }
}
