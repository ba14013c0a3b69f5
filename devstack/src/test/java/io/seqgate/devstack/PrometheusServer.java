package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the binary Debian's {@code prometheus} package installs, which {@code .ci/run}
 * installs) as a child process on a loopback port, with its storage in a temporary directory: scrapes the
 * given targets every second and evaluates the given rules every second.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)\\S+\\s*$");
    private static final Pattern RANGE = Pattern.compile("\\[\\d+[smhd]\\]");

    private final Process process;
    private final URI api;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI api) {
        this.process = process;
        this.api = api;
    }

    /** The Prometheus binary on the PATH, or Debian's at /usr/bin/prometheus. */
    static Optional<Path> binary() {
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, "prometheus")),
                        Stream.of(Path.of("/usr/bin/prometheus")))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * A copy of a rules file for a test that cannot wait minutes: every {@code for:} becomes {@code forTime}
     * and every range window {@code [..]} becomes {@code window}. The expressions are otherwise the shipped ones.
     */
    static String quickRules(String rules, String forTime, String window) {
        String quick = FOR.matcher(rules).replaceAll("$1" + forTime);
        return RANGE.matcher(quick).replaceAll("[" + window + "]");
    }

    /**
     * Starts Prometheus with {@code rules} as its only rule file, scraping {@code targets} (host:port) as
     * job {@code seqgate}, and waits until it is ready.
     */
    static PrometheusServer start(Path binary, Path dir, String rules, List<String> targets) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("rules.yml"), rules);
        Files.writeString(
                dir.resolve("prometheus.yml"),
                String.join(
                        "\n",
                        "global:",
                        "  scrape_interval: 1s",
                        "  evaluation_interval: 1s",
                        "rule_files: [" + dir.resolve("rules.yml") + "]",
                        "scrape_configs:",
                        "  - job_name: seqgate",
                        "    static_configs:",
                        "      - targets: [" + String.join(", ", targets) + "]",
                        ""));
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; see "
                                    + dir.resolve("prometheus.log"));
                        }
                        return server.get("/-/ready").statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code /api/v1/query} at the current time: the whole answer, {@code status} included. */
    JsonNode query(String promql) {
        return json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The {@code data.alerts} of {@code /api/v1/alerts}: every pending and firing alert. */
    JsonNode alerts() {
        return json("/api/v1/alerts").path("data").path("alerts");
    }

    private JsonNode json(String path) {
        try {
            return JSON.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(api.resolve(path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
