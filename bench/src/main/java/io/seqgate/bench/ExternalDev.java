package io.seqgate.bench;

import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.EmbeddedS3;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./seqgate dev} as a user starts it — its own JVM, its own ports, the command line's
 * {@code dev} command with the JVM's defaults — for the bench to drive from this JVM like any
 * other client: S3 PUTs over HTTP and a read_committed consumer of the outcomes topic.
 */
final class ExternalDev implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExternalDev.class);
    private static final String MAIN = "io.seqgate.devstack.cli.Cli";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    /** Stops the stack should this JVM be stopped first (Ctrl-C): it must not outlive the bench. */
    private final Thread stopOnExit;

    private final int kafkaPort;
    private final int s3Port;
    private final int httpPort;

    private ExternalDev(Process process, int kafkaPort, int s3Port, int httpPort) {
        this.process = process;
        this.stopOnExit = new Thread(process::destroy, "seqgate-bench-stop-dev");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        this.kafkaPort = kafkaPort;
        this.s3Port = s3Port;
        this.httpPort = httpPort;
    }

    /** Free loopback ports for a stack started later: the S3 port is needed before (a proxy in front of it). */
    record Ports(int kafka, int s3, int http) {
        static Ports free() {
            return new Ports(LoopbackPorts.resolve(0), LoopbackPorts.resolve(0), LoopbackPorts.resolve(0));
        }

        URI s3Endpoint() {
            return URI.create("http://127.0.0.1:" + s3);
        }
    }

    /**
     * Starts {@code seqgate dev} in a new JVM (this JVM's {@code java} and class path) and returns once
     * its processor answers ready.
     *
     * @param settings {@code SEQGATE_*} variables of the dev command's processor
     * @param dir      the command's working directory; its log goes there
     */
    static ExternalDev start(Ports ports, Map<String, String> settings, Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(List.of(
                "dev",
                "--kafka-port",
                String.valueOf(ports.kafka()),
                "--s3-port",
                String.valueOf(ports.s3()),
                "--http-port",
                String.valueOf(ports.http()),
                "--log-file",
                dir.resolve("dev.log").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dev.out").toFile());
        // The variables a user would have: none of this JVM's SEQGATE_* settings leak into the stack.
        builder.environment().keySet().removeIf(name -> name.startsWith("SEQGATE_") || name.equals("COORDINATION"));
        builder.environment().putAll(settings);
        ExternalDev dev = new ExternalDev(builder.start(), ports.kafka(), ports.s3(), ports.http());
        try {
            dev.awaitReady();
        } catch (RuntimeException e) {
            dev.close();
            throw new IllegalStateException(e.getMessage() + "; its output is in " + dir.resolve("dev.out"), e);
        }
        return dev;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("seqgate dev exited with " + process.exitValue() + " while starting");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for seqgate dev", e);
            }
            Pause.millis(250);
        }
        throw new IllegalStateException("seqgate dev was not ready after " + START_TIMEOUT);
    }

    long pid() {
        return process.pid();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String outcomesTopic() {
        return "s3-events-outcomes";
    }

    String inputBucket() {
        return DevStack.INPUT_BUCKET;
    }

    /** A client of the stack's S3 server as a user's would be: the SDK's defaults, path-style, MinIO's credentials. */
    S3Client newS3Client() {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                .region(EmbeddedS3.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedS3.Config.DEFAULT_ACCESS_KEY, EmbeddedS3.Config.DEFAULT_SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    /** Stops it as Ctrl-C would, and waits; kills it when it has not stopped within a minute. */
    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("seqgate dev (pid {}) did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new UncheckedIOException(new IOException("interrupted while stopping seqgate dev", e));
        }
    }
}
