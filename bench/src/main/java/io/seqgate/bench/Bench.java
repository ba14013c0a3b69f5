package io.seqgate.bench;

import io.seqgate.cli.Console;
import io.seqgate.cli.HelpOption;
import io.seqgate.cli.Main;
import io.seqgate.cli.OptionTypes;
import io.seqgate.devstack.demo.SlowPauseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./seqgate bench}: runs the chosen sections on the embedded stack and writes BENCHMARKS.md
 * with the machine, the command and every section's tables. Every figure is a ratio of two things
 * measured side by side in the same run, or a distribution, so that a run on another machine can be
 * read the same way.
 */
@Command(name = "seqgate bench", resourceBundle = "io.seqgate.bench.usage.bench")
public final class Bench implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);

    private static final List<Section> ALL = List.of(
            new GateThroughput(),
            new SlowObjects(),
            SteadyLatency.local(),
            SteadyLatency.remote(),
            new TransformThroughput(),
            new ReconcileBench(),
            new StateSize(),
            new MicroBenchmarks(),
            new PhotoThroughput());

    private final Console console;

    @Option(
            names = "--only",
            paramLabel = "SECTION",
            split = ",",
            converter = SectionName.class,
            completionCandidates = SectionName.class)
    List<String> only = new ArrayList<>();

    @Option(names = "--scale", paramLabel = "F", defaultValue = "1", converter = Positive.class)
    double scale;

    @Option(
            names = "--sinks",
            paramLabel = "SINK",
            split = ",",
            converter = SinkName.class,
            completionCandidates = SinkName.class)
    List<SinkVariant> sinks = new ArrayList<>();

    @Mixin
    SlowPauseOption slowPause;

    @Option(names = "--jmh-forks", paramLabel = "N", defaultValue = "1", converter = OptionTypes.NotNegative.class)
    int jmhForks;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", converter = OptionTypes.AtLeastOne.class)
    int rounds;

    @Option(
            names = "--stacks",
            paramLabel = "STACK",
            split = ",",
            converter = StackName.class,
            completionCandidates = StackName.class)
    List<String> stacks = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "BENCHMARKS.md")
    Path report;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    Bench(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the bench; returns the exit code: 0 when every section ran, 1 when one failed, 2 for bad options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // The bench reads no setting from the environment.
        return Main.execute(new CommandLine(new Bench(new Console(Map.of(), out, err))), args, out, err);
    }

    /** What the options ask for. */
    BenchOptions options() {
        return new BenchOptions(
                BenchOptions.inReportOrder(only),
                scale,
                report,
                sinks.isEmpty() ? SinkVariant.all() : sinks.stream().distinct().toList(),
                slowPause.pause(),
                jmhForks,
                rounds,
                stacks.isEmpty()
                        ? BenchOptions.STACKS
                        : stacks.stream().distinct().toList());
    }

    @Override
    public Integer call() {
        PrintStream out = console.out();
        BenchOptions options = options();
        String[] args = spec.commandLine().getParseResult().originalArgs().toArray(String[]::new);
        Machine before = Machine.now();
        Report report = new Report();
        List<String> failed = new ArrayList<>();
        Path workDir = createWorkDir();
        long started = System.nanoTime();
        try {
            for (Section section : ALL) {
                if (!options.sections().contains(section.name())) {
                    continue;
                }
                out.printf(Locale.ROOT, "[%s] %s%n", section.name(), section.title());
                long sectionStart = System.nanoTime();
                try {
                    section.run(new BenchContext(options, report, out, workDir));
                    out.printf(
                            Locale.ROOT,
                            "[%s] done in %.0f s%n",
                            section.name(),
                            (System.nanoTime() - sectionStart) / 1e9);
                } catch (Exception e) {
                    log.error("Section {} failed", section.name(), e);
                    failed.add(section.name());
                    report.heading(section.title());
                    report.paragraph("**This section failed:** " + e);
                    out.printf(Locale.ROOT, "[%s] FAILED: %s%n", section.name(), e);
                }
            }
        } finally {
            deleteRecursively(workDir);
        }
        String markdown = render(options, args, before, Machine.now(), report, (System.nanoTime() - started) / 1e9);
        write(options.out(), markdown);
        out.printf(Locale.ROOT, "wrote %s%n", options.out().toAbsolutePath());
        for (Target t : report.targets()) {
            out.printf(Locale.ROOT, "  %-50s %-18s %s %s%n", t.what(), t.measured(), t.status(), t.margin());
        }
        if (!failed.isEmpty()) {
            console.err().println("sections that failed: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    static String render(
            BenchOptions options, String[] args, Machine before, Machine after, Report report, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# seqgate benchmarks\n\n");
        md.append("Written by `")
                .append(command(args))
                .append("` (")
                .append(String.format(Locale.ROOT, "%.0f", seconds))
                .append(" s, started ")
                .append(before.at())
                .append(").\n\n");
        md.append("| machine | |\n| --- | --- |\n");
        md.append("| cores | ").append(before.cores()).append(" |\n");
        md.append("| OS | ").append(before.os()).append(" |\n");
        md.append("| JVM | ").append(before.jvm()).append(" |\n");
        md.append("| max heap | ").append(before.heap()).append(" |\n");
        md.append("| JVM options | ")
                .append(before.jvmArguments().isEmpty() ? "none" : "`" + String.join(" ", before.jvmArguments()) + "`")
                .append(" |\n");
        md.append("| load average (1 min) at start / end | ")
                .append(before.load())
                .append(" / ")
                .append(after.load())
                .append(" |\n");
        md.append("| sinks compared | ")
                .append(String.join(
                        "; ",
                        (options.sections().contains("slow") ? SinkVariant.widened(options.sinks()) : options.sinks())
                                .stream()
                                        .map(s -> "`" + s.name() + "`: " + s.description())
                                        .toList()))
                .append(" |\n\n");
        md.append("Every figure is a ratio of two things measured side by side in this run, or a distribution. "
                + "Everything runs in one JVM on this machine: the Kafka broker, the S3 server, the uploaders and the "
                + "processor share its cores, so absolute rates say more about the machine than about seqgate. A load "
                + "average above the core count means other work competed with the bench and the figures are noisy.\n");
        String targets = report.targetsTable();
        if (!targets.isEmpty()) {
            md.append("\n## Targets\n\n").append(targets);
        }
        md.append(report.body());
        return md.toString();
    }

    /** The command as a person would type it again; the script's own --out is left out. */
    static String command(String[] args) {
        List<String> shown = new ArrayList<>();
        shown.add("./seqgate bench");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                i++;
                continue;
            }
            if (args[i].startsWith("--out=")) {
                continue;
            }
            shown.add(args[i]);
        }
        return String.join(" ", shown);
    }

    private static void write(Path file, String markdown) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("seqgate-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory", e);
        }
    }

    /** A section's name, refused unless the bench has it. */
    static final class SectionName implements ITypeConverter<String>, Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchOptions.SECTIONS.iterator();
        }

        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!BenchOptions.SECTIONS.contains(name)) {
                throw new TypeConversionException(
                        "unknown section '" + value + "'; sections are " + BenchOptions.SECTIONS);
            }
            return name;
        }
    }

    /** {@link BenchOptions#EXTERNAL} or {@link BenchOptions#IN_PROCESS}. */
    static final class StackName implements ITypeConverter<String>, Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchOptions.STACKS.iterator();
        }

        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!BenchOptions.STACKS.contains(name)) {
                throw new TypeConversionException("unknown stack '" + value + "'; stacks are " + BenchOptions.STACKS);
            }
            return name;
        }
    }

    /** A sink of {@link SinkVariant#all}, by name. */
    static final class SinkName implements ITypeConverter<SinkVariant>, Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SinkVariant.all().stream().map(SinkVariant::name).iterator();
        }

        @Override
        public SinkVariant convert(String value) {
            return SinkVariant.all().stream()
                    .filter(s -> s.name().equals(value.trim()))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown sink '" + value + "'; this build has "
                            + SinkVariant.all().stream().map(SinkVariant::name).toList()));
        }
    }

    /** A number above 0. */
    static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double d = Double.parseDouble(value);
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a positive number, got '" + value + "'");
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not delete the bench's work directory {}: {}", dir, e.toString());
        }
    }
}
