package io.seqgate.bench;

import io.seqgate.outcome.Decision;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The store's value encoding, read and written for every gated event (JMH). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class StateEncodingBenchmark {

    private Serializer<ObjectState> serializer;
    private Deserializer<ObjectState> deserializer;
    private ObjectState state;
    private byte[] encoded;

    @Setup
    public void setUp() {
        serializer = SeqgateSerdes.objectState().serializer();
        deserializer = SeqgateSerdes.objectState().deserializer();
        // An object as it is most of the time: its newest create written to the output.
        state = new ObjectState(
                "18EBB270625084B4",
                "ObjectCreated:Put",
                "9b2cf535f27731c974343645a3985328",
                null,
                false,
                1_700_000_000_000L,
                Decision.DONE,
                "wrote output from sequencer 18EBB270625084B4",
                2,
                1,
                0,
                1_700_000_000_100L,
                null);
        encoded = serializer.serialize("object-state", state);
    }

    @Benchmark
    public byte[] encode() {
        return serializer.serialize("object-state", state);
    }

    @Benchmark
    public ObjectState decode() {
        return deserializer.deserialize("object-state", encoded);
    }
}
