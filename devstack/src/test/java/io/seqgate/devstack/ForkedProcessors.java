package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.devstack.chaos.ProcessorProcess;
import io.seqgate.devstack.stack.DevStack;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seqgate processors in JVMs of their own ({@link ProcessorProcess}), started as {@code ./seqgate run}
 * starts one (the jar and runtime classpath that {@code package} writes to {@code target/}), on the
 * test's stack, so that a test can kill one with SIGKILL: no shutdown hook, no leave-group, no commit.
 */
final class ForkedProcessors {

    /** The heap of a forked processor unless a test asks for another: enough for the small test images. */
    static final String DEFAULT_MAX_HEAP = "384m";

    private ForkedProcessors() {}

    /** Starts the JVM; its HTTP API listens on 127.0.0.1 at a free port, its output goes to {@code log}. */
    static ProcessorProcess start(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            Path log) {
        return start(stack, applicationId, instanceId, stateDir, overrides, log, DEFAULT_MAX_HEAP);
    }

    /** As {@link #start(DevStack, String, String, Path, Map, Path)}, with {@code -Xmx<maxHeap>}, e.g. {@code 1g}. */
    static ProcessorProcess start(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            Path log,
            String maxHeap) {
        Path target = Path.of("target");
        String classpath;
        try {
            classpath = target.resolve("seqgate-devstack.jar")
                    + File.pathSeparator
                    + Files.readString(target.resolve("classpath.txt")).trim();
            // One run's output per file: the process appends across its own restarts only.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fork a processor JVM (did `package` write target/classpath.txt?)", e);
        }
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", applicationId);
        env.put("SEQGATE_STATE_DIR", stateDir.toString());
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
        RunningProcessor.chooseSinkMode(env);
        env.putAll(overrides);
        ProcessorProcess processor = new ProcessorProcess(instanceId, classpath, env, log, List.of("-Xmx" + maxHeap));
        processor.start();
        return processor;
    }

    /** Whether it is ready (Kafka Streams RUNNING); fails at once when the JVM died, naming its log. */
    static boolean ready(ProcessorProcess processor, Path log) {
        assertThat(processor.isAlive())
                .as("forked processor alive (see %s)", log)
                .isTrue();
        return processor.ready();
    }
}
