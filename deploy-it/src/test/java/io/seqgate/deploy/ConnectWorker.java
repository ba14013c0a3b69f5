package io.seqgate.deploy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect standalone worker in a JVM of its own, started as {@code connect-standalone.sh} starts
 * it: a plain connect-runtime classpath, the SQS source connector only on {@code plugin.path}, the
 * connector's settings from a JSON file in the REST API's form. Forked so that a test can SIGKILL it.
 */
final class ConnectWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final URI rest;
    private final Path log;

    private ConnectWorker(Process process, URI rest, Path log) {
        this.process = process;
        this.rest = rest;
        this.log = log;
    }

    /**
     * @param dir           holds the worker's properties, its offsets file and its log (appended across restarts)
     * @param connectorJson the connector's settings, {@code {"name":...,"config":{...}}}
     * @param env           extra environment, e.g. AWS credentials for the SDK's default chain
     */
    static ConnectWorker start(Path dir, String bootstrapServers, Path connectorJson, Map<String, String> env) {
        try {
            int port = freePort();
            Path worker = dir.resolve("connect-standalone.properties");
            Files.writeString(
                    worker,
                    String.join(
                            "\n",
                            "bootstrap.servers=" + bootstrapServers,
                            "plugin.path="
                                    + Path.of(System.getProperty("seqgate.connect.plugins"))
                                            .toAbsolutePath(),
                            "key.converter=org.apache.kafka.connect.storage.StringConverter",
                            "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                            "offset.storage.file.filename=" + dir.resolve("connect.offsets"),
                            "listeners=http://127.0.0.1:" + port,
                            "task.shutdown.graceful.timeout.ms=25000",
                            // Every plugin here has a ServiceLoader manifest; scanning the classpath reflectively
                            // instead takes minutes on a loaded machine.
                            "plugin.discovery=service_load",
                            ""));
            String classpath = Files.readString(Path.of(System.getProperty("seqgate.connect.classpath")))
                    .trim();
            Path logback = Path.of(
                    System.getProperty("seqgate.root"), "deploy-it", "src", "test", "resources", "connect-logback.xml");
            Path log = dir.resolve("connect.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-cp",
                            classpath,
                            "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                            "org.apache.kafka.connect.cli.ConnectStandalone",
                            worker.toString(),
                            connectorJson.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ConnectWorker(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fork a Connect worker (did connect-worker write target/classpath.txt?)", e);
        }
    }

    /** Waits until the connector and all of its tasks report RUNNING on the worker's REST API. */
    void awaitRunning(String connector, int tasks) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the Connect worker exited; see " + log, () -> !process.isAlive())
                .until(() -> {
                    JsonNode status = status(connector);
                    int running = 0;
                    for (JsonNode task : status.path("tasks")) {
                        running += "RUNNING".equals(task.path("state").asText()) ? 1 : 0;
                    }
                    return "RUNNING"
                                    .equals(status.path("connector")
                                            .path("state")
                                            .asText())
                            && running == tasks;
                });
    }

    /** The connector's status as the REST API reports it; a missing node while the worker is starting. */
    private JsonNode status(String connector) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(rest.resolve("/connectors/" + connector + "/status"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : MissingNode.getInstance();
        } catch (IOException e) {
            return MissingNode.getInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MissingNode.getInstance();
        }
    }

    /** SIGKILL: no task stop, no producer flush, no deletes of what was in flight. Waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Connect worker survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
