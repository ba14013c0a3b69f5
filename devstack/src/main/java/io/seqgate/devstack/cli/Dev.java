package io.seqgate.devstack.cli;

import io.seqgate.cli.Console;
import io.seqgate.cli.HelpOption;
import io.seqgate.cli.OptionTypes;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.SinkExecution;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.JsonlCaptureWriter;
import io.seqgate.runtime.Directories;
import io.seqgate.runtime.ProcessorRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./seqgate dev}: a real Kafka broker, a real S3 server with MinIO-shaped notifications for
 * bucket {@code input}, and one or more seqgate processor instances (one application id, each with
 * its own state dir and HTTP port on 127.0.0.1) writing inverted images to bucket {@code output},
 * all in this JVM, until Ctrl-C.
 */
@Command(name = "dev", resourceBundle = "io.seqgate.devstack.cli.usage.dev")
final class Dev implements Callable<Integer> {

    /**
     * Sink workers per core when {@code SEQGATE_SINK_CONCURRENCY} is not set. The production default
     * (32) is sized for jobs that mostly wait for a remote S3; here S3 is in this JVM, so a job waits
     * for nothing and is all CPU: 32 workers woken by one batch of records take both cores of a small
     * machine and leave the stream thread, the broker and the JIT compiler a thirty-second share each,
     * and the stream thread's intake — polls and exactly-once commits, a chain of broker round trips —
     * falls behind. Four per core keep a core's worth of work queued without that.
     */
    static final int SINK_WORKERS_PER_CORE = 4;

    private final Console console;

    @Option(names = "--kafka-port", paramLabel = "N", defaultValue = "9092", converter = OptionTypes.Port.class)
    int kafkaPort;

    @Option(names = "--s3-port", paramLabel = "N", defaultValue = "9000", converter = OptionTypes.Port.class)
    int s3Port;

    @Option(names = "--data-dir", paramLabel = "DIR")
    Path dataDir;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "" + DevStack.INPUT_PARTITIONS,
            converter = OptionTypes.AtLeastOne.class)
    int partitions;

    @Option(names = "--duplicates", paramLabel = "P", defaultValue = "0", converter = OptionTypes.Probability.class)
    double duplicates;

    @Mixin
    LoseOption lose;

    @Option(names = "--max-delay", paramLabel = "D", defaultValue = "0")
    Duration maxDelay;

    @Option(names = "--capture", paramLabel = "FILE")
    Path capture;

    @Option(names = "--versioned")
    boolean versioned;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1", converter = OptionTypes.AtLeastOne.class)
    int instances;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080", converter = OptionTypes.Port.class)
    int httpPort;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "seqgate-dev.log")
    Path logFile;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    Dev(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (httpPort > 0 && httpPort + instances - 1 > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--http-port " + httpPort + " leaves no room for " + instances + " instances");
        }
        if (versioned && dataDir != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--versioned needs the in-memory S3 store, --data-dir keeps S3 objects on disk: choose one");
        }
        try {
            return serve();
        } catch (IOException e) {
            console.err().println("dev: " + e.getMessage());
            return 1;
        }
    }

    private int serve() throws IOException {
        PrintStream out = console.out();
        Path fullLog = DevLogging.toFile(logFile) ? logFile.toAbsolutePath() : null;
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("seqgate-dev");
        DevStack.Builder builder = DevStack.builder()
                .kafkaPort(kafkaPort)
                .s3Port(s3Port)
                .inputPartitions(partitions)
                .versionedInput(versioned)
                .faults(lose.applyTo(DeliveryFaults.of(duplicates, maxDelay)));
        JsonlCaptureWriter captureWriter = capture == null ? null : new JsonlCaptureWriter(capture);
        if (captureWriter != null) {
            builder.capture(captureWriter);
        }
        if (dataDir != null) {
            builder.kafkaDataDir(dir.resolve("kafka")).s3DataDir(dir.resolve("s3"));
        }
        DevStack stack = builder.start();
        List<SeqgateConfig> configs = new ArrayList<>();
        List<Map<String, String>> configSettings = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            Map<String, String> settings = new HashMap<>(stack.processorSettings());
            settings.put(
                    "SEQGATE_SINK_CONCURRENCY",
                    String.valueOf(sinkWorkers(Runtime.getRuntime().availableProcessors())));
            settings.put("SEQGATE_APPLICATION_ID", "seqgate-dev");
            settings.put("SEQGATE_INSTANCE_ID", "dev-" + i);
            // One instance keeps the state dir it always had; several each get their own.
            settings.put(
                    "SEQGATE_STATE_DIR",
                    dir.resolve(instances == 1 ? "state" : "state-" + i).toString());
            if (instances == 1) {
                // nowhere to put a standby: asking for one only adds warnings
                settings.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
            }
            console.env().forEach((k, v) -> {
                if (k.startsWith("SEQGATE_")
                        || k.startsWith(SeqgateConfig.STREAMS_PREFIX)
                        || k.equals("COORDINATION")) {
                    settings.put(k, v);
                }
            });
            // After the environment: instances of one JVM cannot share a port.
            settings.put("SEQGATE_HTTP_PORT", String.valueOf(httpPort == 0 ? 0 : httpPort + i - 1));
            configs.add(SeqgateConfig.fromEnv(settings));
            configSettings.add(settings);
        }
        List<ProcessorRunner> runners = new ArrayList<>();
        for (SeqgateConfig config : configs) {
            runners.add(ProcessorRunner.forConfig(config));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                runners.forEach(runner -> runner.close(Duration.ofSeconds(20)));
                                DevSettingsFile.delete();
                                if (lose.probability() > 0) {
                                    out.println("dev: "
                                            + stack.notifier().deliveries().lost()
                                            + " changes were never notified (--lose " + lose.probability() + ")");
                                }
                                stack.close();
                                if (captureWriter != null) {
                                    captureWriter.close();
                                }
                                if (dataDir == null) {
                                    deleteRecursively(dir);
                                }
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "seqgate-dev-shutdown"));
        List<String> servers = new ArrayList<>();
        for (ProcessorRunner runner : runners) {
            runner.start();
            servers.add(runner.applicationServer());
        }
        Path settingsFile = DevSettingsFile.write(configSettings.get(0), servers.get(0));
        out.print(banner(stack, configs, servers, fullLog));
        if (settingsFile != null) {
            out.println("  settings for `./seqgate reconcile` and `./seqgate state` without SEQGATE_* variables: "
                    + settingsFile);
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The dev stack's sink pool on {@code cores} cores, unless the environment sets one: never above production's. */
    static int sinkWorkers(int cores) {
        return Math.min(SinkExecution.DEFAULT_CONCURRENCY, SINK_WORKERS_PER_CORE * Math.max(1, cores));
    }

    private void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            console.err()
                    .println(
                            "dev: could not delete " + dir + ": " + e.getCause().getMessage());
        }
    }

    /** @param logFile where the full log goes; null when the user's logback configuration decides */
    static String banner(DevStack stack, List<SeqgateConfig> configs, List<String> httpServers, Path logFile) {
        SeqgateConfig config = configs.get(0);
        String s3 = stack.s3Endpoint().toString().replaceAll("/$", "");
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i < configs.size(); i++) {
            instances.append("  instance   %s   http://%s   state in %s%n"
                    .formatted(
                            configs.get(i).instanceId(),
                            httpServers.get(i),
                            configs.get(i).streams().stateDir()));
        }
        String auth =
                config.http().bearerToken().isPresent() ? " -H \"Authorization: Bearer $SEQGATE_HTTP_TOKEN\"" : "";
        String any = httpServers.get(httpServers.size() - 1);
        String log = logFile == null ? "" : "  log        %s (Kafka, S3 server, Streams)%n".formatted(logFile);
        return """

                seqgate dev is up (Ctrl-C to stop)
                  Kafka      %s   topics: %s (input), %s, %s
                  S3         %s   access key %s, secret key %s, region us-east-1, path-style
                  buckets    %s (notifies %s), %s (inverted images)
                  processor  coordination %s, application %s, %d instance(s):
                %s%s
                Upload an image (either works):
                  AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s aws --region us-east-1 --endpoint-url %s s3 cp cat.jpg s3://%s/cat.jpg
                  curl --aws-sigv4 "aws:amz:us-east-1:s3" --user %s:%s -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T cat.jpg %s/%s/cat.jpg
                and fetch the inverted one:
                  curl --aws-sigv4 "aws:amz:us-east-1:s3" --user %s:%s -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -o cat-inverted.jpg %s/%s/cat.jpg
                and ask any instance what seqgate knows (it forwards to the owner):
                  curl -s%s http://%s/objects/%s/cat.jpg
                  ./seqgate state --url http://%s %s/cat.jpg

                """.formatted(
                        stack.bootstrapServers(),
                        config.topics().input(),
                        config.topics().outcomes(),
                        config.topics().deadLetters(),
                        s3,
                        stack.accessKey(),
                        stack.secretKey(),
                        stack.inputBucket(),
                        config.topics().input(),
                        stack.outputBucket(),
                        config.gate().coordination() ? "on" : "off",
                        config.streams().applicationId(),
                        httpServers.size(),
                        instances,
                        log,
                        stack.accessKey(),
                        stack.secretKey(),
                        s3,
                        stack.inputBucket(),
                        stack.accessKey(),
                        stack.secretKey(),
                        s3,
                        stack.inputBucket(),
                        stack.accessKey(),
                        stack.secretKey(),
                        s3,
                        stack.outputBucket(),
                        auth,
                        any,
                        stack.inputBucket(),
                        any,
                        stack.inputBucket());
    }
}
