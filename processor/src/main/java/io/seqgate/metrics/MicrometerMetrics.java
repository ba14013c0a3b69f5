package io.seqgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@link SeqgateMetrics} as Micrometer meters in a Prometheus registry, one registry per instance,
 * plus the Kafka Streams client metrics through Micrometer's binder. Names as scraped:
 * <ul>
 *   <li>{@code seqgate_outcomes_total{decision}}: one per outcome record, and {@code INVALID} once per
 *       unparseable message (it gets no outcome record: it goes to the dead-letter topic)</li>
 *   <li>{@code seqgate_dead_letters_total{kind}}: records written to the dead-letter topic, by kind
 *       ({@code unparseable}, {@code sink-failed}, {@code processing-error})</li>
 *   <li>{@code seqgate_s3_call_seconds{operation}} (histogram)</li>
 *   <li>{@code seqgate_transform_seconds} (histogram)</li>
 *   <li>{@code seqgate_end_to_end_seconds} (histogram): event time to output written</li>
 *   <li>{@code seqgate_sink_jobs{state}}: the asynchronous sink's jobs, {@code in_flight} or {@code queued}</li>
 *   <li>{@code seqgate_sink_max_pending}: the bound on those jobs ({@code SEQGATE_SINK_MAX_PENDING})</li>
 *   <li>{@code seqgate_input_end_offset{topic,partition}}, {@code seqgate_input_lag_records{topic,partition}}:
 *       the input's end offsets and the consumer group's lag behind them, every partition</li>
 *   <li>{@code seqgate_reconcile_*}: the periodic reconciler's passes</li>
 *   <li>{@code seqgate_sink_memory_bytes{state}}: the sink's memory budget ({@code budget}) and what jobs
 *       hold of it ({@code reserved})</li>
 *   <li>{@code seqgate_sink_memory_wait_seconds} (histogram): how long each sink job waited for its share of
 *       the memory budget, zero when it fit at once</li>
 *   <li>{@code kafka_stream_*}: the Streams client, thread, task and store metrics</li>
 * </ul>
 */
public final class MicrometerMetrics implements SeqgateMetrics, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Decision, Counter> outcomes = new EnumMap<>(Decision.class);
    private final Map<String, Timer> s3Calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Timer transform;
    private final Timer sinkMemoryWait;
    private final Timer endToEnd;
    private final Counter reconcileListed;
    private final Counter reconcileCompared;
    private final Counter reconcileRecords;
    private final Map<Cause, Counter> reconcileOutOfSync = new EnumMap<>(Cause.class);
    private final AtomicLong reconcileLastCompleted = new AtomicLong();
    private final AtomicLong reconcileLastPassMillis = new AtomicLong();
    private final MultiGauge inputEndOffsets;
    private final MultiGauge inputLag;
    private KafkaStreamsMetrics streamsMetrics;

    public MicrometerMetrics() {
        // Every decision is registered up front, so a scrape shows zeros rather than missing series.
        for (Decision d : Decision.values()) {
            outcomes.put(
                    d,
                    Counter.builder("seqgate.outcomes")
                            .tag("decision", d.name())
                            .description(
                                    "Decisions of this instance: outcome records, and unparseable messages as INVALID")
                            .register(registry));
        }
        // Up front too, so that an alert on bad input sees 0 before the first one rather than no series.
        for (String kind : DeadLetterKinds.ALL) {
            deadLetterCounter(kind);
        }
        transform =
                timer("seqgate.transform", "Time spent in the transform", Duration.ofMillis(1), Duration.ofMinutes(1));
        sinkMemoryWait = timer(
                "seqgate.sink.memory.wait",
                "How long a sink job waited for its share of the memory budget (zero when it fit at once)",
                Duration.ofMillis(1),
                Duration.ofMinutes(10));
        reconcileListed = counter(
                "seqgate.reconcile.listed", "Objects listed by this instance's reconcile passes, inputs and outputs");
        reconcileCompared = counter(
                "seqgate.reconcile.compared", "Objects this instance's reconcile passes compared with their outputs");
        reconcileRecords = counter(
                "seqgate.reconcile.records", "Reconcile records this instance's passes wrote to the input topic");
        for (Cause cause : Cause.values()) {
            reconcileOutOfSync.put(
                    cause,
                    Counter.builder("seqgate.reconcile.out.of.sync")
                            .tag(
                                    "cause",
                                    cause.eventName()
                                            .substring(cause.eventName().indexOf(':') + 1))
                            .description("Objects this instance's reconcile passes found out of sync, by cause")
                            .register(registry));
        }
        secondsGauge(
                "seqgate.reconcile.last.completed",
                "When this instance last completed a reconcile pass (epoch seconds; 0: never)",
                reconcileLastCompleted);
        secondsGauge(
                "seqgate.reconcile.last.pass",
                "How long this instance's last completed reconcile pass took",
                reconcileLastPassMillis);
        endToEnd = timer(
                "seqgate.end.to.end",
                "From the event's time to its output written or deleted",
                Duration.ofMillis(10),
                Duration.ofHours(1));
        inputEndOffsets = MultiGauge.builder("seqgate.input.end.offset")
                .description("End offset of each partition of the input topic, as last measured")
                .register(registry);
        inputLag = MultiGauge.builder("seqgate.input.lag")
                .description("Records of each input partition the application's consumer group has not committed yet")
                .baseUnit("records")
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** A gauge in seconds of a value kept in milliseconds. */
    private void secondsGauge(String name, String description, AtomicLong millis) {
        Gauge.builder(name, millis, a -> a.get() / 1000.0)
                .description(description)
                .baseUnit("seconds")
                .register(registry);
    }

    private Timer timer(String name, String description, Duration min, Duration max) {
        return histogram(name, description, min, max).register(registry);
    }

    private static Timer.Builder histogram(String name, String description, Duration min, Duration max) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max);
    }

    /** Adds the Kafka Streams client metrics of {@code streams}; they go with {@link #close()}. */
    public synchronized void bindTo(KafkaStreams streams) {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void outcome(Decision decision) {
        outcomes.get(decision).increment();
    }

    @Override
    public void deadLetter(String kind) {
        deadLetterCounter(kind).increment();
    }

    private Counter deadLetterCounter(String kind) {
        return deadLetters.computeIfAbsent(
                kind,
                k -> Counter.builder("seqgate.dead.letters")
                        .tag("kind", k)
                        .description("Records this instance wrote to the dead-letter topic")
                        .register(registry));
    }

    @Override
    public void s3Call(String operation, Duration duration) {
        s3Calls.computeIfAbsent(
                        operation,
                        op -> histogram(
                                        "seqgate.s3.call",
                                        "One S3 call attempt",
                                        Duration.ofMillis(1),
                                        Duration.ofMinutes(1))
                                .tag("operation", op)
                                .register(registry))
                .record(duration);
    }

    @Override
    public void transform(Duration duration) {
        transform.record(duration);
    }

    @Override
    public void endToEnd(Duration duration) {
        endToEnd.record(duration);
    }

    @Override
    public void sinkJobs(IntSupplier inFlight, IntSupplier queued) {
        sinkJobGauge("in_flight", "Sink jobs in the worker pool: waiting for a worker, or running", inFlight);
        sinkJobGauge("queued", "Accepted events queued behind a sink job of the same object", queued);
    }

    @Override
    public void sinkMaxPending(int maxPending) {
        Gauge.builder("seqgate.sink.max.pending", () -> maxPending)
                .description("Accepted events one instance holds at most (SEQGATE_SINK_MAX_PENDING)")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void sinkMemory(LongSupplier reserved, long budget) {
        sinkMemoryGauge("reserved", reserved);
        sinkMemoryGauge("budget", () -> budget);
    }

    private void sinkMemoryGauge(String state, LongSupplier value) {
        Gauge.builder("seqgate.sink.memory", value, LongSupplier::getAsLong)
                .tag("state", state)
                .description("The sink's memory budget (SEQGATE_SINK_MEMORY) and the bytes of it its jobs hold")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void sinkMemoryWait(Duration waited) {
        sinkMemoryWait.record(waited);
    }

    @Override
    public void sinkStall(Supplier<Duration> longest) {
        TimeGauge.builder(
                        "seqgate.sink.stall",
                        longest,
                        TimeUnit.MILLISECONDS,
                        d -> d.get().toMillis())
                .description("How long the most stalled task of this instance has gone without completing a"
                        + " sink call it started; /health/live fails past max.poll.interval.ms")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void inputOffsets(String topic, Map<Integer, Long> endOffsets, Map<Integer, Long> lag) {
        inputEndOffsets.register(partitionRows(topic, endOffsets), true);
        inputLag.register(partitionRows(topic, lag), true);
    }

    private static List<MultiGauge.Row<?>> partitionRows(String topic, Map<Integer, Long> byPartition) {
        return byPartition.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                        Tags.of("topic", topic, "partition", String.valueOf(e.getKey())), e.getValue()))
                .toList();
    }

    private void sinkJobGauge(String state, String description, IntSupplier value) {
        // Strong: Micrometer holds a gauge's object weakly by default, and nothing else holds the supplier.
        Gauge.builder("seqgate.sink.jobs", value, IntSupplier::getAsInt)
                .tag("state", state)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void reconcileProgress(long listed, long compared, Map<Cause, Long> outOfSync, long records) {
        reconcileListed.increment(listed);
        reconcileCompared.increment(compared);
        outOfSync.forEach((cause, n) -> reconcileOutOfSync.get(cause).increment(n));
        reconcileRecords.increment(records);
    }

    @Override
    public void reconcilePassEnded(Instant at, Duration took, boolean completed) {
        if (completed) {
            reconcileLastCompleted.set(at.toEpochMilli());
            reconcileLastPassMillis.set(took.toMillis());
        }
    }

    @Override
    public void reconcileRunning(BooleanSupplier running) {
        Gauge.builder("seqgate.reconcile.running", running, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while this instance runs a reconcile pass")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void reconcileInterval(Duration interval) {
        Gauge.builder("seqgate.reconcile.interval", () -> interval.toMillis() / 1000.0)
                .description("How often reconcile passes start (SEQGATE_RECONCILE_INTERVAL)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
        registry.close();
    }
}
