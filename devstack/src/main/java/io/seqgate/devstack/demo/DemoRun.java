package io.seqgate.devstack.demo;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.MinioNotifier;
import io.seqgate.outcome.Decision;
import io.seqgate.runtime.ProcessorRunner;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One run of the demo, with coordination on or off, on fresh state: its own dev stack (Kafka, S3,
 * notifier with delivery faults), its own processor (application id, state directory), the uploads,
 * the wait for every notification's outcome, and a look at every output's pixels.
 */
final class DemoRun {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);

    /** As the blog's upload.py: a pool of 10 threads, each task uploading cat then dog for its key. */
    static final int UPLOAD_THREADS = 10;

    static final int UPLOADS_PER_KEY = 2;
    static final int THUMBNAIL_WIDTH = 160;
    static final int THUMBNAIL_HEIGHT = 120;
    private static final Duration STREAMS_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROCESSOR_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one output shows.
     *
     * @param thumbnail the output scaled down for the contact sheet, or null when there is none (or it
     *                  is not a picture)
     */
    record Output(int number, String key, DemoImages.Look look, BufferedImage thumbnail) {}

    /**
     * @param delivered      notifications Kafka accepted, duplicates included
     * @param duplicatesSent extra copies the notifier sent
     * @param decisions      outcomes read, per decision
     * @param transforms     transforms the sink executed
     * @param slowed         of those, how many were made slow
     * @param wallTime       from the first upload until every delivered notification had its outcome
     */
    record Result(
            boolean coordination,
            int keys,
            List<Output> outputs,
            long delivered,
            long duplicatesSent,
            Map<Decision, Long> decisions,
            long transforms,
            long slowed,
            Duration wallTime) {

        Result {
            outputs = List.copyOf(outputs);
            decisions = Map.copyOf(decisions);
        }

        long count(DemoImages.Look look) {
            return outputs.stream().filter(o -> o.look() == look).count();
        }

        long count(Decision decision) {
            return decisions.getOrDefault(decision, 0L);
        }

        String name() {
            return coordination ? "coordination on" : "coordination off";
        }
    }

    /** Not every delivered notification had its outcome within the timeout. */
    static final class NotSettled extends RuntimeException {
        NotSettled(String message) {
            super(message);
        }
    }

    private final boolean coordination;
    private final DemoOptions options;
    private final long seed;
    private final DemoImages images;
    private final Path stateDir;
    private final Map<String, String> transform;
    private final PrintStream out;

    /**
     * @param seed     seeds the delivery faults and the slow transforms
     * @param stateDir  Kafka Streams' state directory for this run; must be fresh
     * @param transform the processor's {@code SEQGATE_TRANSFORM*} settings
     * @param out       where the user-facing progress goes
     */
    DemoRun(
            boolean coordination,
            DemoOptions options,
            long seed,
            DemoImages images,
            Path stateDir,
            Map<String, String> transform,
            PrintStream out) {
        this.coordination = coordination;
        this.options = options;
        this.seed = seed;
        this.images = images;
        this.stateDir = stateDir;
        this.transform = Map.copyOf(transform);
        this.out = out;
    }

    Result execute() {
        Map<String, AtomicInteger> sentPerObject = new ConcurrentHashMap<>();
        DeliveryFaults faults = new DeliveryFaults(options.duplicates(), options.maxDelay(), OptionalLong.of(seed));
        out.println("  starting Kafka and S3 in this JVM ...");
        long stackStart = System.nanoTime();
        try (DevStack stack = DevStack.builder()
                .versionedInput(true)
                .faults(faults)
                .capture(OutcomeTally.counting(sentPerObject))
                .start()) {
            out.printf(
                    Locale.ROOT,
                    "  stack ready in %s (Kafka %s, S3 %s)%n",
                    seconds(since(stackStart)),
                    stack.bootstrapServers(),
                    stack.s3Endpoint());
            SeqgateConfig config = SeqgateConfig.fromEnv(processorEnv(stack));
            AtomicReference<SlowTransform> slow = new AtomicReference<>();
            ProcessorRunner runner = ProcessorRunner.forConfig(config, transform -> {
                SlowTransform decorated =
                        new SlowTransform(transform, options.slowProbability(), options.slowPause(), new Random(seed));
                slow.set(decorated);
                return decorated;
            });
            try (OutcomeTally tally = new OutcomeTally(
                            stack.bootstrapServers(), stack.config().outcomesTopic(), sentPerObject);
                    S3Client s3 = stack.newS3Client()) {
                long processorStart = System.nanoTime();
                awaitRunning(runner.start());
                out.printf(
                        Locale.ROOT,
                        "  processor running in %s (sink: %s)%n",
                        seconds(since(processorStart)),
                        config.sinkExecution().describe());

                long start = System.nanoTime();
                upload(s3, stack.inputBucket(), start);
                out.printf(
                        Locale.ROOT,
                        "  uploaded a cat, then a dog, to each of %d keys in %s (%d threads)%n",
                        options.keys(),
                        seconds(since(start)),
                        UPLOAD_THREADS);
                awaitOutcomes(stack, tally, start);
                Duration wallTime = since(start);

                List<Output> outputs = checkOutputs(s3, stack.outputBucket());
                MinioNotifier.Deliveries deliveries = stack.notifier().deliveries();
                return new Result(
                        coordination,
                        options.keys(),
                        outputs,
                        deliveries.sent(),
                        deliveries.duplicated(),
                        tally.decisions(),
                        slow.get().calls(),
                        slow.get().slowed(),
                        wallTime);
            } finally {
                if (!runner.close(PROCESSOR_CLOSE_TIMEOUT)) {
                    log.warn("Processor did not close within {}", PROCESSOR_CLOSE_TIMEOUT);
                }
            }
        }
    }

    /** Object keys {@code img1.jpg} ... {@code imgN.jpg}. */
    static String key(int number) {
        return "img" + number + ".jpg";
    }

    private Map<String, String> processorEnv(DevStack stack) {
        Map<String, String> env = new HashMap<>(stack.processorSettings());
        String run = coordination ? "on" : "off";
        env.put("SEQGATE_APPLICATION_ID", "seqgate-demo-coordination-" + run);
        env.put("SEQGATE_INSTANCE_ID", "demo-" + run);
        env.put("SEQGATE_STATE_DIR", stateDir.toString());
        env.put("SEQGATE_COORDINATION", run);
        env.putAll(transform);
        if (options.syncSink()) {
            env.put("SEQGATE_SINK_MODE", "sync");
            // One thread per input partition, so slow objects on different partitions proceed in parallel.
            env.put(
                    "KAFKA_STREAMS_NUM_STREAM_THREADS",
                    String.valueOf(stack.config().inputPartitions()));
        }
        // The demo asks nothing over HTTP; binding none keeps it from clashing with a running `seqgate dev`.
        env.put("SEQGATE_HTTP_PORT", "off");
        // A single instance has nowhere to put a standby; asking for one only adds warnings.
        env.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
        return env;
    }

    private static void awaitRunning(KafkaStreams streams) {
        long deadline = System.nanoTime() + STREAMS_START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.PENDING_SHUTDOWN
                    || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException(
                        "the processor stopped while starting (Kafka Streams state " + state + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor was not RUNNING after " + STREAMS_START_TIMEOUT
                        + " (Kafka Streams state " + state + ")");
            }
            pause(Duration.ofMillis(100));
        }
    }

    private void upload(S3Client s3, String bucket, long start) {
        byte[] cat = images.cat();
        byte[] dog = images.dog();
        ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS, new NamedThreads("seqgate-demo-upload-"));
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int n = 1; n <= options.keys(); n++) {
                String key = key(n);
                uploads.add(pool.submit(() -> {
                    put(s3, bucket, key, cat);
                    put(s3, bucket, key, dog);
                }));
            }
            long deadline = start + options.timeout().toNanos();
            for (Future<?> upload : uploads) {
                upload.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("an upload failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new NotSettled("the uploads did not finish within --timeout " + options.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void put(S3Client s3, String bucket, String key, byte[] picture) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(DemoImages.CONTENT_TYPE), RequestBody.fromBytes(picture));
    }

    /**
     * Settled: the notifier holds nothing back any more and every message it delivered (duplicates
     * included) has its outcome ({@link MinioNotifier#deliveries()} reads the two counts in the order
     * that lets no message slip between them).
     */
    private void awaitOutcomes(DevStack stack, OutcomeTally tally, long start) {
        MinioNotifier notifier = stack.notifier();
        Set<String> objects = new LinkedHashSet<>();
        for (int n = 1; n <= options.keys(); n++) {
            objects.add(stack.inputBucket() + "/" + key(n));
        }
        ProgressLine progress = new ProgressLine(out, ProgressLine.isTerminal(out));
        long deadline = start + options.timeout().toNanos();
        while (true) {
            tally.poll(Duration.ofMillis(200));
            MinioNotifier.Deliveries deliveries = notifier.deliveries();
            int pending = deliveries.pending();
            long sent = deliveries.sent();
            String line = String.format(
                    Locale.ROOT,
                    "  events decided %d of %d delivered%s | objects settled %d of %d | %s",
                    tally.decided(),
                    sent,
                    pending > 0 ? " (+" + pending + " on the way)" : "",
                    tally.settled(objects, UPLOADS_PER_KEY),
                    objects.size(),
                    seconds(since(start)));
            if (pending == 0 && tally.decided() >= sent) {
                progress.finish(line);
                if (deliveries.failed() > 0) {
                    log.warn("{} notifications could not be delivered to Kafka", deliveries.failed());
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                progress.finish(line);
                throw new NotSettled("with " + name() + ", only " + tally.decided() + " of " + sent
                        + " delivered notifications had an outcome after --timeout " + options.timeout()
                        + " (" + pending + " still held back by the notifier)");
            }
            progress.update(line);
        }
    }

    private List<Output> checkOutputs(S3Client s3, String bucket) {
        List<Output> outputs = new ArrayList<>();
        for (int n = 1; n <= options.keys(); n++) {
            String key = key(n);
            BufferedImage picture = download(s3, bucket, key);
            DemoImages.Look look = images.classify(picture);
            BufferedImage thumbnail =
                    picture == null ? null : DemoImages.scaled(picture, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
            outputs.add(new Output(n, key, look, thumbnail));
            log.debug("{} output {}: {}", name(), key, look);
        }
        return outputs;
    }

    /** The output decoded, or null when there is none; bytes that are no picture decode to null too. */
    private static BufferedImage download(S3Client s3, String bucket, String key) {
        try {
            return DemoImages.decodeOrNull(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String name() {
        return coordination ? "coordination on" : "coordination off";
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the processor to start", e);
        }
    }

    /** Daemon threads with a readable name, so a stuck upload never keeps the JVM alive. */
    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
