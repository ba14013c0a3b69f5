package io.seqgate.devstack.chaos;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.runtime.Reconcilers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One fault run: an embedded stack, processor instances in JVMs of their own reaching S3 through a
 * {@link FaultProxy}, a {@link Workload} for {@code duration}, the faults of the settings at moments
 * spread over it, then the {@link EndStateCheck} once the faults stopped. The ITs run one fault each,
 * small; {@code seqgate chaos} runs all of them, long.
 */
public final class ChaosRun {

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
    private static final String APP = "seqgate-chaos";
    private static final String PREFIX = "chaos/";
    /** How long a processor JVM may take to run: minutes on a 2-core machine shared with other builds. */
    private static final Duration READY_PATIENCE = Duration.ofMinutes(10);

    /**
     * The processor JVMs: one application id, each with a state dir and a log of its own.
     *
     * @param instances   how many
     * @param callTimeout their S3 call timeout ({@code SEQGATE_S3_CALL_TIMEOUT})
     * @param retryBudget their S3 retry budget ({@code SEQGATE_S3_RETRY_BUDGET}); with the call timeout it
     *                    sets {@code transaction.timeout.ms}, how long a transaction a killed instance left
     *                    open holds up the partitions it wrote to (docs/configuration.md, "Time limits")
     * @param classpath   their classpath
     * @param workDir     state dirs and processor logs
     */
    public record Processors(
            int instances, Duration callTimeout, Duration retryBudget, String classpath, Path workDir) {
        public Processors {
            Objects.requireNonNull(classpath, "classpath");
            Objects.requireNonNull(workDir, "workDir");
            if (instances < 1) {
                throw new IllegalArgumentException("need at least one instance, got " + instances);
            }
        }

        /** Everything but the classpath, which is kilobytes long and says nothing about the run. */
        @Override
        public String toString() {
            return "Processors[instances=" + instances + ", callTimeout=" + callTimeout + ", retryBudget=" + retryBudget
                    + ", workDir=" + workDir + "]";
        }
    }

    /**
     * What goes wrong, at moments spread over the run ({@link #run}); a zero duration is a fault that
     * does not happen.
     *
     * @param kills      SIGKILLs, at random moments, of a random instance, each restarted on its state dir
     * @param brokerDown how long the broker is down in its restart mid-run; zero for no restart
     * @param s3Outage   how long S3 is unavailable to the processors: answers 503 for the first half,
     *                   refuses connections for the second; zero for no outage
     * @param slowS3     how long S3 answers slower than the call timeout; zero for never
     * @param delivery   how the notifier delivers
     */
    public record Faults(int kills, Duration brokerDown, Duration s3Outage, Duration slowS3, DeliveryFaults delivery) {
        /** No fault at all: every notification delivered once, in order. */
        public static final Faults NONE =
                new Faults(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, DeliveryFaults.none());

        public Faults {
            if (kills < 0) {
                throw new IllegalArgumentException("kills must not be negative, got " + kills);
            }
        }

        public Faults withKills(int n) {
            return new Faults(n, brokerDown, s3Outage, slowS3, delivery);
        }

        public Faults withBrokerDown(Duration down) {
            return new Faults(kills, down, s3Outage, slowS3, delivery);
        }

        public Faults withS3Outage(Duration outage) {
            return new Faults(kills, brokerDown, outage, slowS3, delivery);
        }

        public Faults withSlowS3(Duration slow) {
            return new Faults(kills, brokerDown, s3Outage, slow, delivery);
        }

        public Faults withDelivery(DeliveryFaults faults) {
            return new Faults(kills, brokerDown, s3Outage, slowS3, faults);
        }
    }

    /**
     * @param processors  the processor JVMs
     * @param duration    how long the workload uploads and the faults happen
     * @param keys        keys of the workload
     * @param uploadPause pause between two uploads
     * @param seed        of the workload's and the faults' random choices
     * @param faults      what goes wrong meanwhile
     * @param reconcile   run one reconcile pass once the faults are over and the notifier has sent what it
     *                    holds, as an operator would after losing notifications (docs/reconcile.md)
     * @param patience    how long the end state may take to settle after the run
     */
    public record Settings(
            Processors processors,
            Duration duration,
            int keys,
            Duration uploadPause,
            long seed,
            Faults faults,
            boolean reconcile,
            Duration patience) {
        public Settings {
            if (keys < 1) {
                throw new IllegalArgumentException("need at least one key, got " + keys);
            }
        }
    }

    /**
     * What was done and what the check found.
     *
     * @param notificationsLost changes the notifier never notified ({@code --lose})
     * @param reconcile         what the reconcile pass found and wrote, or null when none ran
     * @param settled           from the end of the workload (faults over) to the end state holding, or to the
     *                          end of the patience when it never did
     */
    public record Result(
            int kills,
            int restarts,
            int brokerRestarts,
            double outageSeconds,
            double slowSeconds,
            long uploads,
            long deletes,
            long duplicatesSent,
            long notificationsLost,
            ReconcilePass.Progress reconcile,
            long unavailableAnswers,
            long slowAnswerChunks,
            EndStateCheck.Report check,
            Duration settled,
            Duration wallTime) {}

    private ChaosRun() {}

    public static Result run(Settings settings) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Random random = new Random(settings.seed());
        Processors processors = settings.processors();
        try (DevStack stack = DevStack.builder()
                        .faults(settings.faults().delivery().withSeed(settings.seed()))
                        .start();
                FaultProxy proxy = FaultProxy.to(
                        stack.s3Endpoint(), processors.callTimeout().plusSeconds(1));
                S3Client s3 = stack.newS3Client()) {
            List<ProcessorProcess> instances = new ArrayList<>();
            try {
                for (int i = 0; i < processors.instances(); i++) {
                    ProcessorProcess instance = new ProcessorProcess(
                            APP + "-" + i,
                            processors.classpath(),
                            processorEnv(stack, proxy, processors, i),
                            processors.workDir().resolve(APP + "-" + i + ".log"));
                    instance.start();
                    instances.add(instance);
                }
                awaitReady(instances, READY_PATIENCE);
                log.info(
                        "Chaos: {} instances ready; workload and faults for {}", instances.size(), settings.duration());

                Workload workload = Workload.start(
                        s3, stack.inputBucket(), PREFIX, settings.keys(), settings.uploadPause(), settings.seed());
                try (SequencerSampler sampler = SequencerSampler.start(s3, stack.outputBucket(), workload.keys())) {
                    Inflicted done = inflict(stack, proxy, instances, settings, random);
                    workload.finish();
                    long faultsOver = System.nanoTime();
                    log.info(
                            "Chaos: faults over ({} kills, {} uploads); waiting for the end state",
                            done.kills.get(),
                            workload.uploads());
                    for (ProcessorProcess instance : instances) {
                        if (!instance.isAlive()) {
                            instance.start();
                        }
                    }
                    long deadline = System.nanoTime() + settings.patience().toNanos();
                    while (stack.notifier().deliveries().pending() > 0 && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(200);
                    }
                    ReconcilePass.Progress reconciled = settings.reconcile() ? reconcile(stack) : null;
                    EndStateCheck check = new EndStateCheck(
                            stack.bootstrapServers(),
                            stack.inputTopic(),
                            stack.config().outcomesTopic(),
                            s3,
                            stack.inputBucket(),
                            stack.outputBucket());
                    EndStateCheck.Report report = check.awaitSettled(workload.keys(), sampler, settings.patience());
                    return new Result(
                            done.kills.get(),
                            done.restarts.get(),
                            done.brokerRestarts.get(),
                            done.outageMs.get() / 1000.0,
                            done.slowMs.get() / 1000.0,
                            workload.uploads(),
                            workload.deletes(),
                            stack.notifier().deliveries().duplicated(),
                            stack.notifier().deliveries().lost(),
                            reconciled,
                            proxy.unavailableAnswers(),
                            proxy.slowAnswerChunks(),
                            report,
                            Duration.ofNanos(System.nanoTime() - faultsOver),
                            Duration.ofNanos(System.nanoTime() - started));
                } finally {
                    workload.close();
                }
            } finally {
                instances.forEach(ProcessorProcess::close);
            }
        }
    }

    /** One reconcile pass over the workload's keys, straight to S3 (not through the fault proxy). */
    private static ReconcilePass.Progress reconcile(DevStack stack) throws InterruptedException {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", APP);
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX);
        try (Reconcilers.Opened opened =
                Reconcilers.open(SeqgateConfig.fromEnv(env), SeqgateMetrics.none(), "seqgate-chaos-reconcile")) {
            ReconcilePass.Progress done = opened.reconciler()
                    .pass(new ReconcilePass.Options(4, 16, 0))
                    .run();
            log.info(
                    "Chaos: reconcile pass listed {}, out of sync {} {}, wrote {} records",
                    done.listed(),
                    done.outOfSyncTotal(),
                    done.outOfSync(),
                    done.emitted());
            return done;
        }
    }

    private static Map<String, String> processorEnv(DevStack stack, FaultProxy proxy, Processors processors, int i) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", APP);
        env.put("SEQGATE_STATE_DIR", processors.workDir().resolve("state-" + i).toString());
        env.put("SEQGATE_S3_ENDPOINT", proxy.endpoint().toString());
        env.put("SEQGATE_S3_CALL_TIMEOUT", processors.callTimeout().toMillis() + "ms");
        env.put("SEQGATE_S3_RETRY_BUDGET", processors.retryBudget().toMillis() + "ms");
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
        if (processors.instances() == 1) {
            // nowhere to put a standby: asking for one only adds warnings
            env.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
        }
        return env;
    }

    private static void awaitReady(List<ProcessorProcess> instances, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!instances.stream().allMatch(ProcessorProcess::ready)) {
            for (ProcessorProcess instance : instances) {
                if (!instance.isAlive()) {
                    throw new IllegalStateException(
                            "processor " + instance.instanceId() + " exited at start; see its log");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processors not ready within " + patience);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** What {@link #inflict} did; written by the fault threads, read after they ended. */
    private static final class Inflicted {
        final AtomicInteger kills = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        final AtomicInteger brokerRestarts = new AtomicInteger();
        final AtomicLong outageMs = new AtomicLong();
        final AtomicLong slowMs = new AtomicLong();
    }

    private record Step(long atMs, String what, Callable<Void> action) {}

    /**
     * Runs the faults of the settings at their moments within the duration, and returns when the
     * duration is over and every fault is done: kills spread at random over 10–85 % of it, the broker
     * restart at 30 %, the S3 outage from 45 %, then the slow answers. Kills, the broker restart and the
     * S3 faults run on timelines of their own: a kill waits until its victim runs (a JVM still starting
     * after its last kill has nothing in flight to lose) and a broker restart takes as long as the
     * broker needs to start, and neither may shorten or stretch an S3 fault. Outage and slow seconds
     * are measured, not planned.
     */
    private static Inflicted inflict(
            DevStack stack, FaultProxy proxy, List<ProcessorProcess> instances, Settings settings, Random random)
            throws InterruptedException {
        Inflicted done = new Inflicted();
        Faults faults = settings.faults();
        long duration = settings.duration().toMillis();
        List<Step> kills = new ArrayList<>();
        for (int k = 0; k < faults.kills(); k++) {
            ProcessorProcess victim = instances.get(k % instances.size());
            long at = (long) (duration * (0.1 + 0.75 * random.nextDouble()));
            kills.add(new Step(at, "kill " + victim.instanceId(), () -> {
                awaitReady(List.of(victim), READY_PATIENCE);
                victim.kill();
                done.kills.incrementAndGet();
                victim.start();
                done.restarts.incrementAndGet();
                return null;
            }));
        }
        List<Step> broker = new ArrayList<>();
        if (!faults.brokerDown().isZero()) {
            broker.add(new Step(duration * 3 / 10, "broker restart", () -> {
                stack.kafka().restart(faults.brokerDown());
                done.brokerRestarts.incrementAndGet();
                return null;
            }));
        }
        List<Step> s3 = new ArrayList<>();
        if (!faults.s3Outage().isZero() || !faults.slowS3().isZero()) {
            // One step, so that the outage and the slow spell last as set even when the step starts late.
            s3.add(new Step(
                    duration * 45 / 100, "S3 outage " + faults.s3Outage() + ", then slow " + faults.slowS3(), () -> {
                        if (!faults.s3Outage().isZero()) {
                            long from = System.nanoTime();
                            proxy.set(FaultProxy.Mode.UNAVAILABLE);
                            TimeUnit.MILLISECONDS.sleep(faults.s3Outage().toMillis() / 2);
                            proxy.set(FaultProxy.Mode.REFUSE);
                            TimeUnit.MILLISECONDS.sleep(faults.s3Outage().toMillis()
                                    - faults.s3Outage().toMillis() / 2);
                            proxy.set(FaultProxy.Mode.PASS);
                            done.outageMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from));
                            TimeUnit.SECONDS.sleep(1);
                        }
                        if (!faults.slowS3().isZero()) {
                            long from = System.nanoTime();
                            proxy.set(FaultProxy.Mode.SLOW);
                            TimeUnit.MILLISECONDS.sleep(faults.slowS3().toMillis());
                            proxy.set(FaultProxy.Mode.PASS);
                            done.slowMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from));
                        }
                        return null;
                    }));
        }
        long start = System.nanoTime();
        ExecutorService timelines = Executors.newFixedThreadPool(3);
        try {
            List<Future<Void>> running = List.of(
                    timelines.submit(() -> follow(kills, start)),
                    timelines.submit(() -> follow(broker, start)),
                    timelines.submit(() -> follow(s3, start)));
            for (Future<Void> timeline : running) {
                timeline.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fault could not be done", e.getCause());
        } finally {
            timelines.shutdownNow();
        }
        long rest = duration - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (rest > 0) {
            TimeUnit.MILLISECONDS.sleep(rest);
        }
        return done;
    }

    /** Runs the steps in time order, each at its moment after {@code start}, or as soon as the one before ends. */
    private static Void follow(List<Step> steps, long start) throws Exception {
        List<Step> ordered =
                steps.stream().sorted(Comparator.comparingLong(Step::atMs)).toList();
        for (Step step : ordered) {
            long wait = step.atMs() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait);
            }
            log.info("Chaos at {} s: {}", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), step.what());
            step.action().call();
        }
        return null;
    }
}
