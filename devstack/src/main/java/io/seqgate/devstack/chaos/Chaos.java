package io.seqgate.devstack.chaos;

import io.seqgate.cli.Console;
import io.seqgate.cli.HelpOption;
import io.seqgate.cli.OptionTypes;
import io.seqgate.devstack.cli.DevLogging;
import io.seqgate.devstack.cli.LoseOption;
import io.seqgate.devstack.cli.SeedOption;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.outcome.Decision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./seqgate chaos}: the long fault run. Three processor JVMs under a demo-like workload are
 * killed with SIGKILL and restarted, the broker is restarted, S3 is unavailable and then slow, and the
 * notifier duplicates every notification and reorders heavily; then {@link EndStateCheck} says whether
 * every output shows the newest input and every notification is accounted for. Exits 0 only when it does.
 */
@Command(name = "chaos", resourceBundle = "io.seqgate.devstack.cli.usage.chaos")
public final class Chaos implements Callable<Integer> {

    private final Console console;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "6", converter = OptionTypes.NotNegative.class)
    int kills;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "3m")
    Duration duration;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3", converter = OptionTypes.AtLeastOne.class)
    int instances;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "40", converter = OptionTypes.AtLeastOne.class)
    int keys;

    @Option(names = "--pause", paramLabel = "D", defaultValue = "200ms")
    Duration pause;

    @Option(names = "--outage", paramLabel = "D", defaultValue = "20s")
    Duration outage;

    @Option(names = "--slow", paramLabel = "D", defaultValue = "10s")
    Duration slow;

    @Option(names = "--broker-down", paramLabel = "D", defaultValue = "5s")
    Duration brokerDown;

    @Option(names = "--retry-budget", paramLabel = "D", defaultValue = "60s")
    Duration retryBudget;

    @Mixin
    LoseOption lose;

    @Option(names = "--reconcile", negatable = true)
    Boolean reconcile;

    @Mixin
    SeedOption seed;

    @Option(names = "--dir", paramLabel = "DIR")
    Path dir;

    @Mixin
    HelpOption help;

    public Chaos(Console console) {
        this.console = console;
    }

    /** The run the options ask for, with its state dirs and logs in {@code workDir}. */
    ChaosRun.Settings settings(Path workDir) {
        return new ChaosRun.Settings(
                new ChaosRun.Processors(
                        instances, Duration.ofSeconds(2), retryBudget, System.getProperty("java.class.path"), workDir),
                duration,
                keys,
                pause,
                seed.given().orElseGet(System::nanoTime),
                new ChaosRun.Faults(
                        kills, brokerDown, outage, slow, lose.applyTo(DeliveryFaults.of(1.0, Duration.ofSeconds(3)))),
                reconcile != null ? reconcile : lose.probability() > 0,
                Duration.ofMinutes(6));
    }

    @Override
    public Integer call() {
        PrintStream out = console.out();
        PrintStream err = console.err();
        ChaosRun.Settings settings;
        Path workDir;
        try {
            workDir = dir != null ? dir : Files.createTempDirectory("seqgate-chaos");
            Files.createDirectories(workDir);
            settings = settings(workDir);
        } catch (IOException e) {
            err.println("chaos: " + e.getMessage());
            return 1;
        }
        Path logFile = workDir.resolve("chaos.log");
        DevLogging.toFile(logFile);
        out.printf(
                Locale.ROOT,
                "chaos: %d instances, %d kills, %s, %d keys, an upload every %s; S3 outage %s, slow %s, "
                        + "broker down %s; S3 retry budget %s; every notification duplicated, held up to 3 s, lost with"
                        + " probability %s; %s; seed %d; logs in %s%n",
                settings.processors().instances(),
                settings.faults().kills(),
                settings.duration(),
                settings.keys(),
                settings.uploadPause(),
                settings.faults().s3Outage(),
                settings.faults().slowS3(),
                settings.faults().brokerDown(),
                settings.processors().retryBudget(),
                lose.probability(),
                settings.reconcile() ? "a reconcile pass at the end" : "no reconcile pass",
                settings.seed(),
                workDir);
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
        out.printf(Locale.ROOT, "  %-44s %d%n", "changes never notified (--lose)", r.notificationsLost());
        if (r.reconcile() != null) {
            out.printf(
                    Locale.ROOT,
                    "  %-44s %d listed, %d out of sync %s, %d records%n",
                    "reconcile pass",
                    r.reconcile().listed(),
                    r.reconcile().outOfSyncTotal(),
                    r.reconcile().outOfSync(),
                    r.reconcile().emitted());
        }
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
