package io.seqgate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code ./seqgate bench} was asked to do.
 *
 * @param sections  the sections to run, in report order
 * @param scale     multiplies every size and duration (not rates, not the slow pause)
 * @param out       where BENCHMARKS.md goes
 * @param sinks     the sinks compared ({@link SinkVariant#widened} adds one to the slow section)
 * @param slowPause the pause of a slow object in the blog experiment
 * @param jmhForks  JVMs JMH forks per benchmark; 0 runs them in this JVM
 * @param rounds    measured rounds of the sections that alternate two contenders (gate, transform)
 * @param stacks    where the latency sections run the stack: {@link #EXTERNAL}, {@link #IN_PROCESS} or both
 */
record BenchOptions(
        List<String> sections,
        double scale,
        Path out,
        List<SinkVariant> sinks,
        Duration slowPause,
        int jmhForks,
        int rounds,
        List<String> stacks) {

    /** {@code ./seqgate dev} in a JVM of its own, driven from the bench's JVM as a user's client would. */
    static final String EXTERNAL = "external";
    /** The stack, the processor and the client all in the bench's JVM. */
    static final String IN_PROCESS = "in-process";

    static final List<String> STACKS = List.of(EXTERNAL, IN_PROCESS);

    static final List<String> SECTIONS =
            List.of("gate", "slow", "latency", "remote", "transform", "reconcile", "state", "jmh", "photos");

    BenchOptions {
        sections = List.copyOf(sections);
        sinks = List.copyOf(sinks);
        stacks = List.copyOf(stacks);
    }

    boolean runs(String stack) {
        return stacks.contains(stack);
    }

    /** {@code base} × scale, at least {@code min}. */
    int scaled(int base, int min) {
        return (int) Math.max(min, Math.round(base * scale));
    }

    /** {@code base} × scale, at least {@code min}. */
    Duration scaled(Duration base, Duration min) {
        Duration d = Duration.ofNanos((long) (base.toNanos() * scale));
        return d.compareTo(min) < 0 ? min : d;
    }

    /** The sections asked for, in report order, whatever order they were asked in; all when none. */
    static List<String> inReportOrder(List<String> wanted) {
        return wanted.isEmpty()
                ? SECTIONS
                : SECTIONS.stream().filter(wanted::contains).toList();
    }
}
