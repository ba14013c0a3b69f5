package io.seqgate.runtime;

import io.seqgate.config.ReconcileSettings;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.OutputIndex;
import io.seqgate.reconcile.ReconcileException;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.reconcile.ReconcilePass.Progress;
import io.seqgate.reconcile.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconcile pass every {@code SEQGATE_RECONCILE_INTERVAL} (docs/reconcile.md), on exactly one
 * instance of the application at a time without a coordination service of its own: the instance that
 * owns the task of input partition 0 runs it, and hands it over with that task. A pass keeps its place
 * in {@link ReconcileCheckpoints}, so the next owner goes on where a crash or a rebalance stopped it.
 */
final class PeriodicReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicReconciler.class);

    /** The longest wait between two looks at whether a pass is due (and whether this instance runs them). */
    private static final Duration MAX_TICK = Duration.ofSeconds(30);

    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Duration interval;
    private final ReconcilePass.Options options;
    private final Reconciler reconciler;
    private final ReconcileCheckpoints checkpoints;
    private final OutputIndex index;
    private final BooleanSupplier owner;
    private final SeqgateMetrics metrics;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean closed;

    /**
     * @param settings when passes start and how fast they list; its interval must be set
     * @param index    what the gate's state says the outputs hold (the application's state queries), or
     *                 {@link OutputIndex#NONE} without them (HTTP off)
     * @param owner    whether this instance runs the reconciler now (it owns input partition 0's task)
     */
    PeriodicReconciler(
            ReconcileSettings settings,
            Reconciler reconciler,
            ReconcileCheckpoints checkpoints,
            OutputIndex index,
            BooleanSupplier owner,
            SeqgateMetrics metrics,
            Clock clock) {
        this.interval = settings.interval()
                .orElseThrow(() -> new IllegalArgumentException("no interval: the periodic reconciler is off"));
        this.options = new ReconcilePass.Options(settings.listers(), ReconcileSettings.CHECKERS, settings.rate());
        this.reconciler = reconciler;
        this.checkpoints = checkpoints;
        this.index = index;
        this.owner = owner;
        this.metrics = metrics;
        this.clock = clock;
        this.thread = new Thread(this::loop, "seqgate-reconcile");
        this.thread.setDaemon(true);
        metrics.reconcileRunning(() -> running);
    }

    void start() {
        thread.start();
    }

    /** How long to wait between looks: a tenth of the interval, between one and {@link #MAX_TICK} seconds. */
    Duration tick() {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MAX_TICK) > 0
                ? MAX_TICK
                : tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(tick().toMillis());
                if (owner.getAsBoolean()) {
                    due().ifPresent(this::run);
                }
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka or S3 trouble outside a pass: look again at the next tick.
                LOG.warn("Reconciler: {}; trying again in {}", e.getMessage(), tick());
            }
        }
    }

    /** The pass to run now: the last one when it did not complete, a new one when the last is an interval old. */
    private Optional<ReconcileCheckpoints.Pass> due() {
        Optional<ReconcileCheckpoints.Pass> last = checkpoints.latest();
        Instant now = clock.instant();
        if (last.isEmpty()) {
            return Optional.of(ReconcileCheckpoints.Pass.startingAt(now));
        }
        ReconcileCheckpoints.Pass pass = last.get();
        if (pass.completed() == null) {
            return Optional.of(pass);
        }
        return pass.completed().plus(interval).isAfter(now)
                ? Optional.empty()
                : Optional.of(ReconcileCheckpoints.Pass.startingAt(now));
    }

    private void run(ReconcileCheckpoints.Pass recorded) {
        ReconcileCheckpoints.Running checkpoint = checkpoints.resume(recorded, () -> !closed && owner.getAsBoolean());
        boolean resumed = !recorded.done().isEmpty() || !recorded.progress().isEmpty();
        LOG.info(
                "Reconcile pass {} {} (every {}, at most {} objects/s)",
                checkpoint.started(),
                resumed ? "resumed" : "started",
                interval,
                options.rate() == 0 ? "unlimited" : String.format("%,.0f", options.rate()));
        ReconcilePass pass = reconciler.pass(options, checkpoint, index);
        Reporter reporter = new Reporter(pass);
        running = true;
        long start = System.nanoTime();
        try {
            Progress done = pass.run();
            Instant completed = checkpoint.complete();
            reporter.stop();
            metrics.reconcilePassEnded(completed, Duration.ofNanos(System.nanoTime() - start), true);
            LOG.info(
                    "Reconcile pass {} completed in {}: listed {}, compared {}, out of sync {} {}, records written {}",
                    checkpoint.started(),
                    done.elapsed(),
                    done.listed(),
                    done.compared(),
                    done.outOfSyncTotal(),
                    done.outOfSync(),
                    done.emitted());
        } catch (ReconcileException e) {
            reporter.stop();
            metrics.reconcilePassEnded(clock.instant(), Duration.ofNanos(System.nanoTime() - start), false);
            LOG.warn("Reconcile pass {} stopped: {}", checkpoint.started(), e.getMessage());
        } catch (InterruptedException e) {
            reporter.stop();
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    /** Reports what a pass did to the metrics, as differences, every {@link #REPORT_EVERY}. */
    private final class Reporter {
        private final ReconcilePass pass;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seqgate-reconcile-metrics");
            t.setDaemon(true);
            return t;
        });
        private Progress reported;

        Reporter(ReconcilePass pass) {
            this.pass = pass;
            this.reported = pass.progress();
            var unused = timer.scheduleAtFixedRate(
                    this::report, REPORT_EVERY.toMillis(), REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void report() {
            Progress now = pass.progress();
            Map<Cause, Long> causes = new EnumMap<>(Cause.class);
            now.outOfSync().forEach((cause, n) -> {
                long delta = n - reported.outOfSync().getOrDefault(cause, 0L);
                if (delta > 0) {
                    causes.put(cause, delta);
                }
            });
            metrics.reconcileProgress(
                    now.listed() - reported.listed(),
                    now.compared() - reported.compared(),
                    causes,
                    now.emitted() - reported.emitted());
            reported = now;
        }

        void stop() {
            timer.shutdownNow();
            report();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
