package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

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

/** A seqgate processor running against the shared dev stack, as production runs it. */
public final class RunningProcessor implements AutoCloseable {

    final SeqgateConfig config;
    private final ProcessorRunner runner;

    private KafkaStreams streams;

    private RunningProcessor(SeqgateConfig config, UnaryOperator<Transform> decorate) {
        this.config = config;
        this.runner = ProcessorRunner.forConfig(config, decorate);
    }

    /** Starts a processor and waits until Kafka Streams is RUNNING. */
    public static RunningProcessor start(
            DevStack stack, String applicationId, String instanceId, Path stateDir, Map<String, String> overrides) {
        RunningProcessor processor = launch(stack, applicationId, instanceId, stateDir, overrides);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.streams.state() == KafkaStreams.State.RUNNING);
        return processor;
    }

    /** Starts a processor without waiting for Kafka Streams, e.g. to start several that join one group. */
    static RunningProcessor launch(
            DevStack stack, String applicationId, String instanceId, Path stateDir, Map<String, String> overrides) {
        return launch(stack, applicationId, instanceId, stateDir, overrides, UnaryOperator.identity());
    }

    /**
     * Starts a processor whose transform is wrapped, and waits until Kafka Streams is RUNNING.
     *
     * @param decorate wraps the production transform, e.g. to make chosen objects slow
     */
    public static RunningProcessor start(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            UnaryOperator<Transform> decorate) {
        RunningProcessor processor = launch(stack, applicationId, instanceId, stateDir, overrides, decorate);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.streams.state() == KafkaStreams.State.RUNNING);
        return processor;
    }

    private static RunningProcessor launch(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            UnaryOperator<Transform> decorate) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", applicationId);
        env.put("SEQGATE_INSTANCE_ID", instanceId);
        env.put("SEQGATE_STATE_DIR", stateDir.toString());
        // Fast commits keep outcomes visible to read_committed readers without waiting.
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
        chooseSinkMode(env);
        env.putAll(overrides);
        RunningProcessor processor = new RunningProcessor(SeqgateConfig.fromEnv(env), decorate);
        processor.streams = processor.runner.start();
        return processor;
    }

    /**
     * {@code -Dseqgate.it.sink-mode=sync} (or {@code async}) runs the processors of the integration
     * tests with that sink, so that the whole suite can be run against either; tests of one sink's own
     * behaviour set it themselves.
     */
    static void chooseSinkMode(Map<String, String> env) {
        String mode = System.getProperty("seqgate.it.sink-mode");
        if (mode != null) {
            env.put("SEQGATE_SINK_MODE", mode);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The base URL of its HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + runner.applicationServer();
    }

    /** Its {@code application.server}, as Streams metadata names it. */
    String host() {
        return runner.applicationServer();
    }

    static RunningProcessor start(DevStack stack, String applicationId, Path stateDir) {
        return start(stack, applicationId, applicationId + "-1", stateDir, Map.of());
    }

    /** Closes it as {@code ProcessorRunner.close} does; whether Kafka Streams stopped cleanly. */
    public boolean close(Duration timeout) {
        return runner.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
