package io.seqgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./seqgate bench}: runs the chosen sections on the embedded stack and writes BENCHMARKS.md
 * with the machine, the command and every section's tables. Every figure is a ratio of two things
 * measured side by side in the same run, or a distribution, so that a run on another machine can be
 * read the same way.
 */
public final class Bench {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);

    private static final List<Section> ALL = List.of(
            new GateThroughput(),
            new SlowObjects(),
            SteadyLatency.local(),
            SteadyLatency.remote(),
            new TransformThroughput(),
            new StateSize(),
            new MicroBenchmarks());

    private Bench() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the bench; returns the exit code: 0 when every section ran, 1 when one failed, 2 for bad options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(BenchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
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
            err.println("sections that failed: " + String.join(", ", failed));
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
    private static String command(String[] args) {
        List<String> shown = new ArrayList<>();
        shown.add("./seqgate bench");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                i++;
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
