package io.seqgate.bench;

import io.seqgate.event.Sequencers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The sequencer rule: the comparison every gated event makes, and the validity check before it (JMH). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SequencerBenchmark {

    // Fields, not constants, so that the JIT cannot fold the comparisons away.
    private String older = "0055AED6DCD90281E5";
    private String newer = "0055aed6dcd90281e6";
    private String shorter = "0055AED6DCD9028";

    /** Same length, differing in the last digit and in case: the whole string is read. */
    @Benchmark
    public int compareSameLength() {
        return Sequencers.compare(older, newer);
    }

    /** Different lengths: the shorter is read as padded with zeros. */
    @Benchmark
    public int compareDifferentLength() {
        return Sequencers.compare(older, shorter);
    }

    @Benchmark
    public boolean isValid() {
        return Sequencers.isValid(older);
    }
}
