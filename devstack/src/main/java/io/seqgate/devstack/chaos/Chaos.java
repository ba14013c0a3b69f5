package io.seqgate.devstack.chaos;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.cli.DevLogging;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.outcome.Decision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ./seqgate chaos}: the long fault run. Three processor JVMs under a demo-like workload are
 * killed with SIGKILL and restarted, the broker is restarted, S3 is unavailable and then slow, and the
 * notifier duplicates every notification and reorders heavily; then {@link EndStateCheck} says whether
 * every output shows the newest input and every notification is accounted for. Exits 0 only when it does.
 */
public final class Chaos {

    public static final String HELP = """
            usage: seqgate chaos [options]
              --kills N          SIGKILLs of a processor instance at random moments, each restarted (default 6)
              --duration D       how long the workload and the faults last, e.g. 3m (default 3m)
              --instances N      processor JVMs (default 3)
              --keys N           keys of the workload (default 40)
              --pause D          between two uploads of the workload (default 200ms)
              --outage D         S3 unavailable to the processors: 503 for half, connections refused for half (default 20s)
              --slow D           S3 answers slower than the 2 s call timeout for this long (default 10s)
              --broker-down D    the broker is stopped and restarted on its data dir, down this long (default 5s)
              --retry-budget D   the processors' SEQGATE_S3_RETRY_BUDGET (default 60s: an event retried through the
                                 whole outage; with a budget shorter than the outage, events end FAILED in the
                                 dead-letter topic and their outputs stay behind until `seqgate replay`)
              --seed N           seed of the random choices (default: random)
              --dir DIR          state dirs and logs (default: a new temporary dir, kept)
            """;

    private Chaos() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        ChaosRun.Settings settings;
        Path dir;
        try {
            int kills = 6;
            int instances = 3;
            int keys = 40;
            Duration pause = Duration.ofMillis(200);
            Duration duration = Duration.ofMinutes(3);
            Duration outage = Duration.ofSeconds(20);
            Duration slow = Duration.ofSeconds(10);
            Duration brokerDown = Duration.ofSeconds(5);
            Duration retryBudget = Duration.ofSeconds(60);
            long seed = System.nanoTime();
            dir = null;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    out.print(HELP);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--kills" -> kills = Integer.parseInt(value);
                    case "--duration" -> duration = SeqgateConfig.duration(value);
                    case "--instances" -> instances = Integer.parseInt(value);
                    case "--keys" -> keys = Integer.parseInt(value);
                    case "--pause" -> pause = SeqgateConfig.duration(value);
                    case "--outage" -> outage = SeqgateConfig.duration(value);
                    case "--slow" -> slow = SeqgateConfig.duration(value);
                    case "--broker-down" -> brokerDown = SeqgateConfig.duration(value);
                    case "--retry-budget" -> retryBudget = SeqgateConfig.duration(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            dir = dir != null ? dir : Files.createTempDirectory("seqgate-chaos");
            Files.createDirectories(dir);
            settings = new ChaosRun.Settings(
                    instances,
                    kills,
                    duration,
                    keys,
                    pause,
                    brokerDown,
                    outage,
                    slow,
                    Duration.ofSeconds(2),
                    retryBudget,
                    DeliveryFaults.of(1.0, Duration.ofSeconds(3)),
                    Duration.ofMinutes(6),
                    seed,
                    System.getProperty("java.class.path"),
                    dir);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        } catch (IOException e) {
            err.println("chaos: " + e.getMessage());
            return 1;
        }
        Path logFile = dir.resolve("chaos.log");
        DevLogging.toFile(logFile);
        out.printf(
                Locale.ROOT,
                "chaos: %d instances, %d kills, %s, %d keys, an upload every %s; S3 outage %s, slow %s, "
                        + "broker down %s; S3 retry budget %s; every notification duplicated, held up to 3 s; seed %d; logs in %s%n",
                settings.instances(),
                settings.kills(),
                settings.duration(),
                settings.keys(),
                settings.uploadPause(),
                settings.s3Outage(),
                settings.slowS3(),
                settings.brokerDown(),
                settings.retryBudget(),
                settings.seed(),
                dir);
        ChaosRun.Result result;
        try {
            result = ChaosRun.run(settings);
        } catch (IOException e) {
            err.println("chaos: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        print(result, out);
        return result.check().passed() ? 0 : 1;
    }

    static void print(ChaosRun.Result r, PrintStream out) {
        EndStateCheck.Report c = r.check();
        out.printf(Locale.ROOT, "  %-44s %d (restarted %d)%n", "processor kills (SIGKILL)", r.kills(), r.restarts());
        out.printf(Locale.ROOT, "  %-44s %d%n", "broker restarts", r.brokerRestarts());
        out.printf(
                Locale.ROOT,
                "  %-44s %.0f s (%d requests answered 503)%n",
                "S3 outage",
                r.outageSeconds(),
                r.unavailableAnswers());
        out.printf(
                Locale.ROOT,
                "  %-44s %.0f s (%d answer chunks held)%n",
                "S3 slower than the call timeout",
                r.slowSeconds(),
                r.slowAnswerChunks());
        out.printf(Locale.ROOT, "  %-44s %d uploads, %d deletes%n", "workload", r.uploads(), r.deletes());
        out.printf(
                Locale.ROOT,
                "  %-44s %d (%d duplicates)%n",
                "notifications delivered",
                c.notifications(),
                r.duplicatesSent());
        out.printf(
                Locale.ROOT,
                "  %-44s %d events, %d outcomes%n",
                "object events delivered",
                c.events(),
                c.outcomesTotal());
        for (Decision decision : Decision.values()) {
            long n = c.outcomes().getOrDefault(decision, 0L);
            if (n > 0) {
                out.printf(Locale.ROOT, "    %-42s %d%n", decision, n);
            }
        }
        out.printf(
                Locale.ROOT,
                "  %-44s %d%n",
                "events without exactly one outcome per copy",
                c.misaccounted().size());
        out.printf(Locale.ROOT, "  %-44s %d%n", "keys checked", c.keysChecked());
        out.printf(
                Locale.ROOT,
                "  %-44s %d / %d%n",
                "keys wrong / lost",
                c.wrong().size(),
                c.lost().size());
        out.printf(
                Locale.ROOT,
                "  %-44s %d (in %d samples)%n",
                "output sequencer regressions",
                c.regressions().size(),
                c.samples());
        out.printf(
                Locale.ROOT,
                "  %-44s %.1f s%n",
                "faults over -> end state holds",
                r.settled().toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  %-44s %.1f s%n", "wall time", r.wallTime().toMillis() / 1000.0);
        out.println(c.passed() ? "chaos: PASSED" : "chaos: FAILED\n" + c.failures(20));
    }
}
