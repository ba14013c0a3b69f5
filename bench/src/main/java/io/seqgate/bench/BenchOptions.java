package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * @param help      print usage only
 */
record BenchOptions(
        List<String> sections,
        double scale,
        Path out,
        List<SinkVariant> sinks,
        Duration slowPause,
        int jmhForks,
        int rounds,
        boolean help) {

    static final List<String> SECTIONS = List.of("gate", "slow", "latency", "remote", "transform", "state", "jmh");

    static final String USAGE = """
            usage: seqgate bench [options]
              runs the benchmarks on the embedded stack (Kafka broker and S3 server in this JVM) and writes BENCHMARKS.md
              --only LIST         sections to run, comma-separated, of: gate, slow, latency, remote, transform, state, jmh (default: all)
              --scale F           multiply sizes and durations by F (default 1; 0.1 for a quick look)
              --sinks LIST        sinks to compare, comma-separated, of: %s (default: all);
                                  the slow section also runs async with %d workers when async is compared
              --slow-pause D      the pause of a slow object in the blog experiment (default 2s)
              --jmh-forks N       JVMs JMH forks per micro benchmark; 0 runs them in this JVM (default 1)
              --rounds N          measured rounds of gate vs raw pipe and transform vs ImageIO, after a warm-up (default 5)
              --out FILE          where to write the report (default BENCHMARKS.md)
            """.formatted(
            String.join(", ", SinkVariant.all().stream().map(SinkVariant::name).toList()), SinkVariant.WIDE_WORKERS);

    BenchOptions {
        sections = List.copyOf(sections);
        sinks = List.copyOf(sinks);
    }

    static BenchOptions parse(String[] args) {
        List<String> sections = SECTIONS;
        double scale = 1;
        Path out = Path.of("BENCHMARKS.md");
        List<SinkVariant> sinks = SinkVariant.all();
        Duration slowPause = Duration.ofSeconds(2);
        int jmhForks = 1;
        int rounds = 5;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--only" -> sections = sections(value);
                case "--scale" -> scale = positive(arg, value);
                case "--out" -> out = Path.of(value);
                case "--sinks" -> sinks = sinks(value);
                case "--slow-pause" -> slowPause = duration(arg, value);
                case "--jmh-forks" -> jmhForks = (int) count(arg, value);
                case "--rounds" -> rounds = (int) count(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds: at least 1 measured round, got " + rounds);
        }
        return new BenchOptions(sections, scale, out, sinks, slowPause, jmhForks, rounds, help);
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

    private static List<String> sections(String value) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            String s = name.trim().toLowerCase(Locale.ROOT);
            if (!SECTIONS.contains(s)) {
                throw new IllegalArgumentException("--only: unknown section '" + name + "'; sections are " + SECTIONS);
            }
            wanted.add(s);
        }
        // Report order, whatever order they were asked in.
        return SECTIONS.stream().filter(wanted::contains).toList();
    }

    private static List<SinkVariant> sinks(String value) {
        List<SinkVariant> chosen = new ArrayList<>();
        for (String name : value.split(",", -1)) {
            SinkVariant sink = SinkVariant.all().stream()
                    .filter(s -> s.name().equals(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--sinks: unknown sink '" + name
                            + "'; this build has "
                            + SinkVariant.all().stream().map(SinkVariant::name).toList()));
            if (!chosen.contains(sink)) {
                chosen.add(sink);
            }
        }
        return chosen;
    }

    private static double positive(String option, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive number, got '" + value + "'");
    }

    private static long count(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a whole number ≥ 0, got '" + value + "'");
    }

    private static Duration duration(String option, String value) {
        try {
            return SeqgateConfig.duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
