package io.seqgate.devstack.chaos;

import io.seqgate.devstack.cli.Cli;
import io.seqgate.devstack.stack.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A seqgate processor in a JVM of its own ({@code seqgate run} on the given classpath), so that it can
 * be killed with SIGKILL: no shutdown hook, no leave-group, no commit. Started again on the same state
 * directory it keeps its Kafka Streams process id, as a restarted pod on its volume does.
 */
public final class ProcessorProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The JVM options of a chaos instance: a small heap, so that several fit on one machine. */
    public static final List<String> SMALL_HEAP = List.of("-Xmx384m");

    private final String instanceId;
    private final String classpath;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;
    private int port;

    /**
     * @param classpath the processor's runtime classpath
     * @param env       its {@code SEQGATE_*} settings; the HTTP port is chosen at each start
     * @param log       its output, appended to across restarts
     */
    public ProcessorProcess(String instanceId, String classpath, Map<String, String> env, Path log) {
        this(instanceId, classpath, env, log, SMALL_HEAP);
    }

    /** @param jvmOptions options of its JVM, e.g. {@code -Xmx1g}; none for the JVM's defaults */
    public ProcessorProcess(
            String instanceId, String classpath, Map<String, String> env, Path log, List<String> jvmOptions) {
        this.instanceId = instanceId;
        this.classpath = classpath;
        this.env = Map.copyOf(env);
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String instanceId() {
        return instanceId;
    }

    /** Where its HTTP API listens since the last start, {@code 127.0.0.1:port}: its {@code application.server}. */
    public synchronized String host() {
        return "127.0.0.1:" + port;
    }

    /** Its HTTP API since the last start, e.g. {@code http://127.0.0.1:41235}. */
    public String url() {
        return "http://" + host();
    }

    /** Starts the JVM; it listens for HTTP on a free loopback port. */
    public synchronized void start() {
        port = LoopbackPorts.resolve(0);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, Cli.class.getName(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SEQGATE_INSTANCE_ID", instanceId);
        builder.environment().put("SEQGATE_HTTP_PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start processor " + instanceId, e);
        }
    }

    /** The process's CPU time so far (user and system, as the OS counts it), or 0 before it started. */
    public synchronized long cpuNanos() {
        return process == null
                ? 0
                : process.toHandle()
                        .info()
                        .totalCpuDuration()
                        .map(Duration::toNanos)
                        .orElse(0L);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether it answers {@code /health/ready} with 200: Kafka Streams RUNNING. */
    public boolean ready() {
        URI url;
        synchronized (this) {
            if (!isAlive()) {
                return false;
            }
            url = URI.create(url() + "/health/ready");
        }
        try {
            HttpResponse<Void> answer = HTTP.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The body of {@code GET path} on its HTTP API, e.g. {@code /metrics}.
     *
     * @throws IllegalStateException when it does not answer 200
     */
    public String get(String path) {
        URI url;
        synchronized (this) {
            url = URI.create(url() + path);
        }
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking " + url, e);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("processor " + instanceId + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
