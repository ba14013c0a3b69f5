package io.seqgate.devstack.cli;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SeqgateConfig;
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
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./seqgate dev}: a real Kafka broker, a real S3 server with MinIO-shaped notifications for
 * bucket {@code input}, and one or more seqgate processor instances (one application id, each with
 * its own state dir and HTTP port on 127.0.0.1) writing inverted images to bucket {@code output},
 * all in this JVM, until Ctrl-C.
 */
final class Dev {

    static final String HELP = """
            usage: seqgate dev [options]
              --kafka-port N      broker port on 127.0.0.1 (default 9092)
              --s3-port N         S3 port on 127.0.0.1 (default 9000)
              --data-dir DIR      keep broker data, S3 objects and processor state in DIR (default: a temporary dir, deleted on exit)
              --partitions N      partitions of s3-events (default 6)
              --duplicates P      probability that the notifier delivers a message twice (default 0)
              --max-delay D       random extra delivery delay per message, up to D, e.g. 500ms (default 0)
              --capture FILE      write every notification the notifier sends to FILE, one per line (input for `seqgate replay`)
              --versioned         enable versioning on the input bucket (in-memory S3 store: not with --data-dir)
              --instances N       processor instances of one application id (default 1), each with its own state dir
              --http-port N       HTTP port of the first instance on 127.0.0.1, the next ones count up (default 8080)
              --log-file FILE     the full log (Kafka, S3 server, Streams); the console shows seqgate's own lines and errors (default seqgate-dev.log)
            SEQGATE_* and KAFKA_STREAMS_* variables in the environment override the processor's settings.
            """;

    private Dev() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        if (o.help) {
            out.print(HELP);
            return 0;
        }
        try {
            return serve(o, out);
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("dev: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(Options o, PrintStream out) throws IOException {
        Path logFile = DevLogging.toFile(o.logFile) ? o.logFile.toAbsolutePath() : null;
        Path dataDir = o.dataDir != null ? o.dataDir : Files.createTempDirectory("seqgate-dev");
        DevStack.Builder builder = DevStack.builder()
                .kafkaPort(o.kafkaPort)
                .s3Port(o.s3Port)
                .inputPartitions(o.partitions)
                .versionedInput(o.versioned)
                .faults(DeliveryFaults.of(o.duplicates, o.maxDelay));
        JsonlCaptureWriter capture = o.capture == null ? null : new JsonlCaptureWriter(o.capture);
        if (capture != null) {
            builder.capture(capture);
        }
        if (o.dataDir != null) {
            builder.kafkaDataDir(dataDir.resolve("kafka")).s3DataDir(dataDir.resolve("s3"));
        }
        DevStack stack = builder.start();
        List<SeqgateConfig> configs = new ArrayList<>();
        for (int i = 1; i <= o.instances; i++) {
            Map<String, String> env = new HashMap<>(stack.processorSettings());
            env.put("SEQGATE_APPLICATION_ID", "seqgate-dev");
            env.put("SEQGATE_INSTANCE_ID", "dev-" + i);
            // One instance keeps the state dir it always had; several each get their own.
            env.put(
                    "SEQGATE_STATE_DIR",
                    dataDir.resolve(o.instances == 1 ? "state" : "state-" + i).toString());
            if (o.instances == 1) {
                // nowhere to put a standby: asking for one only adds warnings
                env.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
            }
            System.getenv().forEach((k, v) -> {
                if (k.startsWith("SEQGATE_")
                        || k.startsWith(SeqgateConfig.STREAMS_PREFIX)
                        || k.equals("COORDINATION")) {
                    env.put(k, v);
                }
            });
            // After the environment: instances of one JVM cannot share a port.
            env.put("SEQGATE_HTTP_PORT", String.valueOf(o.httpPort == 0 ? 0 : o.httpPort + i - 1));
            configs.add(SeqgateConfig.fromEnv(env));
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
                                stack.close();
                                if (capture != null) {
                                    capture.close();
                                }
                                if (o.dataDir == null) {
                                    deleteRecursively(dataDir);
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
        out.print(banner(stack, configs, servers, logFile));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            System.err.println(
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

    private record Options(
            int kafkaPort,
            int s3Port,
            Path dataDir,
            Path capture,
            int partitions,
            double duplicates,
            Duration maxDelay,
            boolean versioned,
            int instances,
            int httpPort,
            Path logFile,
            boolean help) {

        static Options parse(String[] args) {
            int kafkaPort = 9092;
            int s3Port = 9000;
            Path dataDir = null;
            Path capture = null;
            int partitions = DevStack.INPUT_PARTITIONS;
            double duplicates = 0;
            Duration maxDelay = Duration.ZERO;
            boolean versioned = false;
            int instances = 1;
            int httpPort = 8080;
            Path logFile = Path.of("seqgate-dev.log");
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                switch (name) {
                    case "--help", "-h" -> help = true;
                    case "--versioned" -> versioned = true;
                    case "--kafka-port" -> kafkaPort = port(name, value(args, ++i, name));
                    case "--s3-port" -> s3Port = port(name, value(args, ++i, name));
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, name));
                    case "--capture" -> capture = Path.of(value(args, ++i, name));
                    case "--partitions" -> partitions = positive(name, value(args, ++i, name));
                    case "--duplicates" -> duplicates = probability(name, value(args, ++i, name));
                    case "--max-delay" -> maxDelay = duration(name, value(args, ++i, name));
                    case "--instances" -> instances = positive(name, value(args, ++i, name));
                    case "--http-port" -> httpPort = port(name, value(args, ++i, name));
                    case "--log-file" -> logFile = Path.of(value(args, ++i, name));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (httpPort > 0 && httpPort + instances - 1 > 65535) {
                throw new IllegalArgumentException(
                        "--http-port " + httpPort + " leaves no room for " + instances + " instances");
            }
            if (versioned && dataDir != null) {
                throw new IllegalArgumentException(
                        "--versioned needs the in-memory S3 store, --data-dir keeps S3 objects on disk: choose one");
            }
            return new Options(
                    kafkaPort,
                    s3Port,
                    dataDir,
                    capture,
                    partitions,
                    duplicates,
                    maxDelay,
                    versioned,
                    instances,
                    httpPort,
                    logFile,
                    help);
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int port(String name, String v) {
            int p = integer(name, v);
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException(name + ": not a port: " + v);
            }
            return p;
        }

        private static int positive(String name, String v) {
            int n = integer(name, v);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + v);
            }
            return n;
        }

        private static int integer(String name, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a whole number: " + v);
            }
        }

        private static double probability(String name, String v) {
            try {
                double p = Double.parseDouble(v);
                if (p < 0 || p > 1) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": expected a probability between 0 and 1, got " + v);
            }
        }

        private static Duration duration(String name, String v) {
            try {
                return SeqgateConfig.duration(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
        }
    }
}
