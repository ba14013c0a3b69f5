package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import io.seqgate.cli.ProcessorRunner;
import io.seqgate.cli.Sinks;
import io.seqgate.config.SeqgateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** A seqgate processor running against the shared dev stack, as production runs it. */
final class RunningProcessor implements AutoCloseable {

    final SeqgateConfig config;
    private final ProcessorRunner runner;

    private RunningProcessor(SeqgateConfig config) {
        this.config = config;
        Sinks.Built sink = Sinks.fromConfig(config);
        this.runner = new ProcessorRunner(config, sink.sink(), sink.worstCase());
    }

    /** Starts a processor and waits until Kafka Streams is RUNNING. */
    static RunningProcessor start(DevStack stack, String applicationId, String instanceId, Path stateDir,
                                  Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", applicationId);
        env.put("SEQGATE_INSTANCE_ID", instanceId);
        env.put("SEQGATE_STATE_DIR", stateDir.toString());
        // Fast commits keep outcomes visible to read_committed readers without waiting.
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
        env.putAll(overrides);
        RunningProcessor processor = new RunningProcessor(SeqgateConfig.fromEnv(env));
        KafkaStreams streams = processor.runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return processor;
    }

    static RunningProcessor start(DevStack stack, String applicationId, Path stateDir) {
        return start(stack, applicationId, applicationId + "-1", stateDir, Map.of());
    }

    @Override
    public void close() {
        runner.close(Duration.ofSeconds(30));
    }
}
