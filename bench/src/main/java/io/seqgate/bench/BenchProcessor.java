package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.runtime.ProcessorRunner;
import io.seqgate.transform.Transform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One seqgate processor on a dev stack, built exactly as production builds it
 * ({@link ProcessorRunner#forConfig}), with the settings a section measures, and what a section
 * drives it with: an S3 client of the stack and a watcher of its outcomes.
 */
final class BenchProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchProcessor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How much longer a close that timed out under load gets to reach NOT_RUNNING: a client still
     * running would compete for the CPU with the next section's processor and falsify its figures.
     */
    private static final Duration CLOSE_GRACE = Duration.ofMinutes(2);

    private final ProcessorRunner runner;
    private final S3Client s3;
    private OutcomeWatcher outcomes;

    private BenchProcessor(ProcessorRunner runner, S3Client s3) {
        this.runner = runner;
        this.s3 = s3;
    }

    /**
     * Starts the processor, returns once Kafka Streams is RUNNING and its outcomes are watched.
     *
     * @param name     names the application id and instance; fresh per run
     * @param settings {@code SEQGATE_*} / {@code KAFKA_STREAMS_*} settings over the stack's defaults
     * @param decorate wraps the production transform (e.g. to make it slow)
     */
    static BenchProcessor start(
            DevStack stack,
            String name,
            Path stateDir,
            Map<String, String> settings,
            UnaryOperator<Transform> decorate) {
        Map<String, String> env = environment(stack, "bench-" + name, stateDir);
        env.putAll(settings);
        ProcessorRunner runner = ProcessorRunner.forConfig(SeqgateConfig.fromEnv(env), decorate);
        BenchProcessor processor = new BenchProcessor(runner, stack.newS3Client());
        try {
            awaitRunning(runner.start());
            processor.outcomes =
                    new OutcomeWatcher(stack.bootstrapServers(), stack.config().outcomesTopic());
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
        return processor;
    }

    /** The config of a processor on {@code stack} that is not started by this class (sink off, timed runs). */
    static SeqgateConfig config(DevStack stack, String applicationId, Path stateDir) {
        return SeqgateConfig.fromEnv(environment(stack, applicationId, stateDir));
    }

    /** The outcomes topic as a downstream consumer sees it, read since the processor started. */
    OutcomeWatcher outcomes() {
        return outcomes;
    }

    /** The processor's HTTP API, when its settings turned it on ({@code SEQGATE_HTTP_PORT}). */
    String url() {
        return "http://" + runner.applicationServer();
    }

    /** An S3 client of the stack, to upload the section's objects and read the outputs. */
    S3Client s3() {
        return s3;
    }

    /**
     * The environment of one processor on {@code stack}: the stack's settings, its own application id
     * and state directory, no HTTP API (the bench asks nothing over HTTP) and no standby (one
     * instance has nowhere to put it).
     */
    static Map<String, String> environment(DevStack stack, String applicationId, Path stateDir) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", applicationId);
        env.put("SEQGATE_INSTANCE_ID", applicationId);
        env.put("SEQGATE_STATE_DIR", stateDir.toString());
        env.put("SEQGATE_HTTP_PORT", "off");
        env.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
        return env;
    }

    static void awaitRunning(KafkaStreams streams) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("Kafka Streams stopped while starting (state " + state + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Kafka Streams was not RUNNING after " + START_TIMEOUT + " (state " + state + ")");
            }
            Pause.millis(50);
        }
    }

    /**
     * Stops the processor and waits until its Kafka Streams client is NOT_RUNNING: up to
     * {@link #CLOSE_TIMEOUT}, then up to {@link #CLOSE_GRACE} more, saying so in the log; it does not
     * wait forever, and logs an error when the client outlives both.
     */
    @Override
    public void close() {
        if (outcomes != null) {
            outcomes.close();
        }
        s3.close();
        KafkaStreams streams = runner.streams();
        if (runner.close(CLOSE_TIMEOUT) || streams == null) {
            return;
        }
        log.warn(
                "Processor did not close within {}; waiting up to {} more for NOT_RUNNING", CLOSE_TIMEOUT, CLOSE_GRACE);
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (streams.state() != KafkaStreams.State.NOT_RUNNING && System.nanoTime() < deadline) {
            Pause.millis(100);
        }
        if (streams.state() == KafkaStreams.State.NOT_RUNNING) {
            log.info("Processor reached NOT_RUNNING after the extra wait");
        } else {
            log.error(
                    "Processor still {} after {} + {}: its Streams client keeps running into the next section",
                    streams.state(),
                    CLOSE_TIMEOUT,
                    CLOSE_GRACE);
        }
    }
}
