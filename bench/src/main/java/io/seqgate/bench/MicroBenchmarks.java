package io.seqgate.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Section 8: the in-process micro figures, measured with JMH. */
final class MicroBenchmarks implements Section {

    // Ten seconds of warm-up per benchmark: on two cores C2 takes that long to finish compiling the
    // parser and the RocksDB paths; with three, single measured iterations still ran cold (state
    // decode 1,487 ± 7,046 ns/op, a gate step 8,493 ± 27,863 ns/op in one run).
    private static final int WARM_UP_ITERATIONS = 10;
    private static final int MEASUREMENT_ITERATIONS = 5;
    private static final long BASE_ITERATION_MILLIS = 1_000;

    /** What each benchmark measures, for the report. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "ParseBenchmark.minioMessage", "parse a MinIO Kafka-target message (one record)",
            "ParseBenchmark.s3RecordsMessage", "parse an S3 `{\"Records\":[…]}` message (one record)",
            "SequencerBenchmark.compareSameLength",
                    "compare two 18-digit sequencers (differ in the last digit and in case)",
            "SequencerBenchmark.compareDifferentLength", "compare sequencers of different lengths (zero padding)",
            "SequencerBenchmark.isValid", "check an 18-digit sequencer is hex",
            "StateEncodingBenchmark.encode", "encode one object's state (as after DONE)",
            "StateEncodingBenchmark.decode", "decode one object's state",
            "GateStepBenchmark.acceptNewer", "gate step, newer event: RocksDB read, ACCEPTED, RocksDB write",
            "GateStepBenchmark.dropDuplicate",
                    "gate step, redelivered event: RocksDB read, DUPLICATE, counter written");

    @Override
    public String name() {
        return "jmh";
    }

    @Override
    public String title() {
        return "7. Micro benchmarks (JMH)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        long iterationMillis = Math.max(
                50, Math.round(BASE_ITERATION_MILLIS * context.options().scale()));
        int forks = context.options().jmhForks();
        context.progress(
                "%d benchmarks, %d fork(s), %d warm-up + %d measured iterations of %d ms each; JMH's own lines follow",
                DESCRIPTIONS.size(), forks, WARM_UP_ITERATIONS, MEASUREMENT_ITERATIONS, iterationMillis);
        Options options = new OptionsBuilder()
                .include("io\\.seqgate\\.(bench\\.(Parse|Sequencer|StateEncoding)|streams\\.GateStep)Benchmark\\..*")
                .forks(forks)
                .warmupIterations(WARM_UP_ITERATIONS)
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(MEASUREMENT_ITERATIONS)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<List<String>> rows = new ArrayList<>();
        results.stream()
                .sorted(Comparator.comparing(r -> r.getParams().getBenchmark()))
                .forEach(r -> {
                    String benchmark = shortName(r.getParams().getBenchmark());
                    Result<?> primary = r.getPrimaryResult();
                    rows.add(List.of(
                            "`" + benchmark + "`",
                            DESCRIPTIONS.getOrDefault(benchmark, ""),
                            String.format(Locale.ROOT, "%,.1f ± %,.1f", primary.getScore(), primary.getScoreError()),
                            primary.getScoreUnit()));
                });
        Report report = context.report();
        report.heading(title());
        report.paragraph(
                "Average time per operation, one thread, %d fork(s) × %d iterations of "
                        + "%d ms after %d warm-up iterations; ± is JMH's 99.9 %% confidence interval. Run them alone with the "
                        + "bench's classpath: `java -cp ... org.openjdk.jmh.Main 'io.seqgate.*Benchmark'`.",
                forks, MEASUREMENT_ITERATIONS, iterationMillis, WARM_UP_ITERATIONS);
        report.table(List.of("benchmark", "what", "time", "unit"), rows);
    }

    /** {@code io.seqgate.bench.ParseBenchmark.minioMessage} → {@code ParseBenchmark.minioMessage}. */
    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }
}
