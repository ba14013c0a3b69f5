package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.runtime.ProcessorRunner;
import io.seqgate.sink.Transform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seqgate processor on a dev stack, built exactly as production builds it
 * ({@link ProcessorRunner#forConfig}), with the settings a section measures.
 */
final class BenchProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchProcessor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessorRunner runner;

    private BenchProcessor(ProcessorRunner runner) {
        this.runner = runner;
    }

    /**
     * Starts the processor and returns once Kafka Streams is RUNNING.
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
        BenchProcessor processor = new BenchProcessor(runner);
        try {
            awaitRunning(runner.start());
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
        return processor;
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

    @Override
    public void close() {
        if (!runner.close(CLOSE_TIMEOUT)) {
            log.warn("Processor did not close within {}", CLOSE_TIMEOUT);
        }
    }
}
