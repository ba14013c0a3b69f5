package io.seqgate.streams;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One step of the production {@link SequencerGate} against a real RocksDB store (JMH): the store
 * read, the decision and the store write, for 10,000 objects in turn. In this package because the
 * gate is package-private; a Kafka Streams task around it (TopologyTestDriver) would commit, and so
 * flush RocksDB, after every record, and measure that instead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GateStepBenchmark {

    private static final int OBJECTS = 10_000;

    private Path stateDir;
    private MockProcessorContext<String, Verdict> context;
    private KeyValueStore<String, ObjectState> store;
    private SequencerGate gate;
    private String[] keys;
    private ObjectEvent[] newest;
    private long sequencer;
    private int next;

    @Setup
    public void setUp() throws IOException {
        stateDir = Files.createTempDirectory("seqgate-bench-gate-step");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-gate-step");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(Names.STATE_STORE), Serdes.String(), SeqgateSerdes.objectState())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        gate = new SequencerGate(Duration.ofDays(7), Duration.ofHours(1));
        gate.init(context);
        sequencer = System.currentTimeMillis() * 1_000_000L;
        keys = new String[OBJECTS];
        newest = new ObjectEvent[OBJECTS];
        for (int n = 0; n < OBJECTS; n++) {
            keys[n] = String.format(Locale.ROOT, "input/photos/%07d.png", n);
            newest[n] = event(n, sequencer);
            gate.process(new Record<>(keys[n], newest[n], 0L));
        }
        context.resetForwards();
    }

    /** An event newer than the object's last: read, ACCEPTED, written (the sequencer's formatting included). */
    @Benchmark
    public List<MockProcessorContext.CapturedForward<? extends String, ? extends Verdict>> acceptNewer() {
        int n = next();
        sequencer += 1_000;
        newest[n] = event(n, sequencer);
        return step(n, newest[n]);
    }

    /** The object's last event again: read, DUPLICATE, its counter written. */
    @Benchmark
    public List<MockProcessorContext.CapturedForward<? extends String, ? extends Verdict>> dropDuplicate() {
        int n = next();
        return step(n, newest[n]);
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private int next() {
        int n = next;
        next = (next + 1) % OBJECTS;
        return n;
    }

    private List<MockProcessorContext.CapturedForward<? extends String, ? extends Verdict>> step(
            int n, ObjectEvent event) {
        context.resetForwards();
        gate.process(new Record<>(keys[n], event, 0L));
        return context.forwarded();
    }

    private static ObjectEvent event(int n, long sequencer) {
        return new ObjectEvent(
                "input",
                String.format(Locale.ROOT, "photos/%07d.png", n),
                "ObjectCreated:Put",
                EventKind.CREATED,
                String.format(Locale.ROOT, "%016X", sequencer),
                "9b2cf535f27731c974343645a3985328",
                null,
                840L,
                "image/png",
                Instant.ofEpochMilli(sequencer / 1_000_000L),
                "minio");
    }
}
