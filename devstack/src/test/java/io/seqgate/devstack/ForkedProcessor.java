package io.seqgate.devstack;

import io.seqgate.devstack.cli.Cli;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A seqgate processor in a JVM of its own, started as {@code ./seqgate run} starts it (the jar and
 * runtime classpath that {@code package} writes to {@code target/}), so that a test can kill it with
 * SIGKILL: no shutdown hook, no leave-group, no commit.
 */
final class ForkedProcessor implements AutoCloseable {

    final String instanceId;
    final String host;
    private final Process process;

    private ForkedProcessor(String instanceId, String host, Process process) {
        this.instanceId = instanceId;
        this.host = host;
        this.process = process;
    }

    /** The heap of a forked processor unless a test asks for another: enough for the small test images. */
    static final String DEFAULT_MAX_HEAP = "384m";

    /** Starts the JVM; its HTTP API listens on 127.0.0.1 at a free port, its output goes to {@code log}. */
    static ForkedProcessor start(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            Path log) {
        return start(stack, applicationId, instanceId, stateDir, overrides, log, DEFAULT_MAX_HEAP);
    }

    /** As {@link #start(DevStack, String, String, Path, Map, Path)}, with {@code -Xmx<maxHeap>}, e.g. {@code 1g}. */
    static ForkedProcessor start(
            DevStack stack,
            String applicationId,
            String instanceId,
            Path stateDir,
            Map<String, String> overrides,
            Path log,
            String maxHeap) {
        int port = LoopbackPorts.resolve(0);
        Path target = Path.of("target");
        try {
            String classpath = target.resolve("seqgate-devstack.jar")
                    + File.pathSeparator
                    + Files.readString(target.resolve("classpath.txt")).trim();
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(
                            List.of(java, "-Xmx" + maxHeap, "-cp", classpath, Cli.class.getName(), "run"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.putAll(stack.processorSettings());
            env.put("SEQGATE_APPLICATION_ID", applicationId);
            env.put("SEQGATE_INSTANCE_ID", instanceId);
            env.put("SEQGATE_STATE_DIR", stateDir.toString());
            env.put("SEQGATE_HTTP_PORT", String.valueOf(port));
            env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
            RunningProcessor.chooseSinkMode(env);
            env.putAll(overrides);
            return new ForkedProcessor(instanceId, "127.0.0.1:" + port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fork a processor JVM (did `package` write target/classpath.txt?)", e);
        }
    }

    String url() {
        return "http://" + host;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("forked processor " + instanceId + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
