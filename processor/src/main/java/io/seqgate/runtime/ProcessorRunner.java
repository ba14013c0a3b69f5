package io.seqgate.runtime;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.metrics.MicrometerMetrics;
import io.seqgate.query.QueryServer;
import io.seqgate.query.RestoringPartitions;
import io.seqgate.query.StateLookup;
import io.seqgate.query.StateQueries;
import io.seqgate.reconcile.LocalOutputIndex;
import io.seqgate.reconcile.OutputIndex;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.S3ObjectSink;
import io.seqgate.streams.CountingProcessingExceptionHandler;
import io.seqgate.streams.SeqgateTopology;
import io.seqgate.streams.async.SinkWorkers;
import io.seqgate.transform.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of one seqgate processor instance: checks the topics, builds the topology,
 * starts Kafka Streams with a state listener and an uncaught-exception handler, serves the HTTP API
 * (state queries, health, metrics) beside it, and closes both gracefully within a timeout. It never
 * swallows an exception.
 */
public final class ProcessorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    /** How long {@link #close()} gives Kafka Streams to close, as {@code seqgate run} does on SIGTERM. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Jobs still running when Streams has closed belong to no task any more (their results are
     * dropped, and the tasks' next owners run them again); they get at most this long, within what
     * is left of the close timeout, before the pool stops. It buys no result, only that an S3 write
     * about to end is not cut off (the next owner's run of the event then finds the output done);
     * the tasks themselves do not wait for their jobs when they close (TaskJobs#close).
     */
    private static final Duration WORKERS_CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Duration STOPPED_POLL = Duration.ofMillis(50);

    private final SeqgateConfig config;
    private final ObjectSink sink;
    private final Duration sinkWorstCase;
    private final String transformIdentity;
    private final MicrometerMetrics metrics;
    private SinkWorkers workers;
    private Reconcilers.Opened reconcilerParts;
    private PeriodicReconciler reconciler;
    /** The application's state queries, served over HTTP; null when HTTP is off. */
    private StateQueries queries;

    private InputLag inputLag;
    private KafkaStreams streams;
    private QueryServer http;
    private String applicationServer;

    /**
     * @param sink    the sink (closed with the runner), the longest one call of it can take (sizes the Kafka
     *                transaction timeout) and the identity of its transform (for the periodic reconciler)
     * @param metrics the meters {@code /metrics} shows (the sink's among them); closed with the runner
     */
    ProcessorRunner(SeqgateConfig config, Sinks.Built sink, MicrometerMetrics metrics) {
        this.config = config;
        this.sink = sink.sink();
        this.sinkWorstCase = sink.worstCase();
        this.transformIdentity = sink.transformIdentity();
        this.metrics = metrics;
    }

    /** The production processor: the S3 sink with the configured transform, its meters on {@code /metrics}. */
    public static ProcessorRunner forConfig(SeqgateConfig config) {
        return forConfig(config, UnaryOperator.identity());
    }

    /** @param decorate wraps the transform, e.g. to make processing slow at random in the demo */
    public static ProcessorRunner forConfig(SeqgateConfig config, UnaryOperator<Transform> decorate) {
        MicrometerMetrics metrics = new MicrometerMetrics();
        return new ProcessorRunner(config, Sinks.fromConfig(config, decorate, metrics), metrics);
    }

    /** Starts the instance; fails with a message naming the topic when the input topic is missing. */
    public synchronized KafkaStreams start() {
        LOG.info("Starting seqgate {}", config.describe());
        Properties props = StreamsProperties.of(config, sinkWorstCase);
        props.put(CountingProcessingExceptionHandler.METRICS_CONFIG, metrics);
        int partitions = InputTopic.partitions(config, props);
        if (config.sinkExecution().async()) {
            workers = SinkWorkers.start(
                    config.sinkExecution().concurrency(),
                    config.sinkExecution().maxPending(),
                    config.sinkExecution().linger());
            metrics.sinkJobs(workers::inFlight, workers::queued);
            metrics.sinkMaxPending(config.sinkExecution().maxPending());
        }
        Topology topology = SeqgateTopology.build(config.topology(), partitions, Optional.of(sink), metrics, workers);
        LOG.debug("Topology:\n{}", topology.describe());
        if (config.http().enabled()) {
            // Bound before Streams is built: with port 0 the port, and so application.server, is known only now.
            http = bindHttp();
            props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost() + ":" + http.port());
        }
        applicationServer = props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        try {
            streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
                http = null;
            }
            throw e;
        }
        metrics.bindTo(streams);
        Supplier<Optional<String>> stalled = Optional::empty;
        if (workers != null) {
            SinkStalls stalls = SinkStalls.of(workers.progress(), streams, stallLimit(props));
            metrics.sinkStall(stalls::longest);
            stalled = stalls::stalled;
        }
        if (http != null) {
            RestoringPartitions restoring = new RestoringPartitions();
            streams.setGlobalStateRestoreListener(restoring);
            StateLookup lookup = new StateLookup(
                    streams,
                    config.gate().inputPartitioning(),
                    config.topics().input(),
                    restoring,
                    config.gate().coordination() && config.sinkExecution().async());
            KafkaStreams running = streams;
            queries = StateQueries.create(
                    lookup,
                    HostInfo.buildFromEndpoint(applicationServer),
                    config.http(),
                    config.instanceId(),
                    partitions);
            http.start(queries, running::state, stalled, metrics::scrape);
            LOG.info(
                    "State queries at http://{} (application.server), HTTP {}",
                    applicationServer,
                    config.http().describe());
        }
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            // Input errors never get here (they are dead-lettered); what does is infrastructure
            // trouble such as a fenced producer or a broker timeout, which a fresh thread survives.
            LOG.error("Stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        inputLag = InputLag.start(
                Admin.create(new StreamsConfig(props).getAdminConfigs(config.instanceId() + "-input-lag")),
                config.topics().input(),
                partitions,
                config.streams().applicationId(),
                metrics);
        config.reconcile().interval().ifPresent(interval -> startReconciler(interval, props));
        return streams;
    }

    /**
     * Starts the periodic reconciler (docs/reconcile.md): it runs passes only while this instance owns the
     * task of input partition 0, so one instance of the application runs them at a time.
     */
    private void startReconciler(Duration interval, Properties props) {
        reconcilerParts = Reconcilers.open(config, transformIdentity, metrics, config.instanceId() + "-reconcile");
        StreamsConfig streamsConfig = new StreamsConfig(props);
        Map<String, Object> consumer =
                new HashMap<>(streamsConfig.getGlobalConsumerConfigs(config.instanceId() + "-reconcile-checkpoint"));
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ReconcileCheckpoints checkpoints = new ReconcileCheckpoints(
                config.streams().applicationId() + "-reconcile",
                streamsConfig.getAdminConfigs(config.instanceId() + "-reconcile-admin"),
                consumer,
                reconcilerParts.producer(),
                Clock.systemUTC());
        try {
            checkpoints.ensureTopic();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        TopicPartition first =
                new org.apache.kafka.common.TopicPartition(config.topics().input(), 0);
        KafkaStreams running = streams;
        reconciler = new PeriodicReconciler(
                config.reconcile(),
                reconcilerParts.reconciler(),
                checkpoints,
                queries == null ? OutputIndex.NONE : new LocalOutputIndex(queries),
                () -> running.state() == KafkaStreams.State.RUNNING
                        && running.metadataForLocalThreads().stream()
                                .flatMap(thread -> thread.activeTasks().stream())
                                .anyMatch(task -> task.topicPartitions().contains(first)),
                metrics,
                Clock.systemUTC());
        reconciler.start();
        metrics.reconcileInterval(interval);
        LOG.info(
                "Periodic reconcile every {} (runs on the instance that owns partition 0 of {}; checkpoints in {})",
                interval,
                config.topics().input(),
                checkpoints.topic());
    }

    /**
     * How long a sink call may stay unfinished before the instance is not live: the consumers'
     * {@code max.poll.interval.ms} as Streams gets it (derived from the sink's worst case, or passed
     * through).
     */
    private static Duration stallLimit(Properties props) {
        Object maxPollInterval = props.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
        return Duration.ofMillis(Long.parseLong(String.valueOf(maxPollInterval)));
    }

    public synchronized KafkaStreams streams() {
        return streams;
    }

    /** The address other instances and clients reach this one's HTTP API at, or null without one. */
    public synchronized String applicationServer() {
        return applicationServer;
    }

    private QueryServer bindHttp() {
        try {
            return QueryServer.bind(config.http());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + config.http().bindAddress() + ":"
                            + config.http().port() + " (SEQGATE_HTTP_BIND, SEQGATE_HTTP_PORT): " + e.getMessage(),
                    e);
        }
    }

    /**
     * The host other instances reach this one at, when SEQGATE_APPLICATION_SERVER does not say: the bind
     * address when it is a specific one, else this machine's name.
     */
    private String advertisedHost() {
        String bind = config.http().bindAddress();
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "cannot tell this machine's name for application.server; set SEQGATE_APPLICATION_SERVER", e);
        }
    }

    /**
     * Stops the HTTP API, closes Streams (committing what is done) within the timeout, then the sink
     * workers (the closed tasks have stopped their jobs), the sink and metrics.
     */
    public synchronized boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean clean = true;
        if (inputLag != null) {
            inputLag.close();
            inputLag = null;
        }
        if (reconciler != null) {
            reconciler.close();
            reconciler = null;
        }
        if (reconcilerParts != null) {
            reconcilerParts.close();
            reconcilerParts = null;
        }
        if (http != null) {
            // First, so that other instances stop forwarding here and ask a standby instead.
            http.close();
            http = null;
        }
        if (streams != null) {
            LOG.info("Closing Kafka Streams (timeout {})", timeout);
            // Leaving the group hands this instance's partitions to the others at once, instead of
            // after the session timeout (Streams stays in the group on close by default). A static
            // member stays: it is expected back within the session timeout, to the same tasks.
            clean = streams.close(CloseOptions.timeout(timeout)
                    .withGroupMembershipOperation(
                            config.streams().groupInstanceId() == null
                                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            if (!clean) {
                // Its threads go on shutting down, and one may be inside a sink call: closing the sink
                // (its S3 client) under it would turn that event into a FAILED outcome and a dead letter
                // for no fault of its own. A sink call ends within the sink's worst case.
                LOG.warn(
                        "Kafka Streams did not close within {}; waiting up to {} more for its threads before closing the sink",
                        timeout,
                        sinkWorstCase);
                clean = awaitStopped(streams, sinkWorstCase);
                if (clean) {
                    LOG.info("Kafka Streams closed");
                } else {
                    LOG.error(
                            "Kafka Streams still {} after {} more; closing the sink under it",
                            streams.state(),
                            sinkWorstCase);
                }
            }
            streams = null;
        }
        if (workers != null) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            workers.close(left.compareTo(WORKERS_CLOSE_WAIT) < 0 ? left : WORKERS_CLOSE_WAIT);
            workers = null;
        }
        sink.close();
        metrics.close();
        return clean;
    }

    private static boolean awaitStopped(KafkaStreams streams, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (streams.state() != KafkaStreams.State.NOT_RUNNING && streams.state() != KafkaStreams.State.ERROR) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(STOPPED_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * The longest {@code close(CLOSE_TIMEOUT)} takes with this configuration: Streams' close, then one
     * sink call's worst case for a stream thread still inside one, then the workers' wait. A supervisor
     * that kills the process sooner (Kubernetes' {@code terminationGracePeriodSeconds}) can turn an
     * event in progress into a FAILED outcome.
     */
    public static Duration longestClose(SeqgateConfig config) {
        return CLOSE_TIMEOUT
                .plus(S3ObjectSink.worstCaseApplyTime(
                        Sinks.settings(config), config.s3().callTimeout()))
                .plus(WORKERS_CLOSE_WAIT);
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }
}
