package io.seqgate.devstack.stack;

import io.seqgate.streams.KeyPartitioning;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one MinIO-shaped notification per object change to a Kafka topic, the way MinIO's Kafka
 * target does: key {@code bucket/<key>}, partition chosen by FNV-1a like sarama's default partitioner
 * (docs/design.md §3, "Partitioning of the input"). Optionally delivers badly (see {@link DeliveryFaults}).
 *
 * <p>The sequencer is stamped synchronously in {@link #objectChanged}, which {@link NotifyingBlobStore}
 * calls in store order per key, by MinIO's rule for the change's kind ({@link ModificationTimes});
 * serialising and sending happen on a separate thread.
 */
public final class MinioNotifier implements ObjectChangeListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinioNotifier.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /**
     * @param bootstrapServers Kafka to publish to
     * @param topic            topic of the notifications
     * @param principalId      access key named as the actor in each record
     * @param originEndpoint   URL of the S3 server, as {@code x-minio-origin-endpoint}
     * @param faults           duplicates and delays; {@link DeliveryFaults#none()} for faithful delivery
     * @param capture          told about every message sent (duplicates included), on the sending thread
     */
    public record Config(
            String bootstrapServers,
            String topic,
            String principalId,
            String originEndpoint,
            DeliveryFaults faults,
            Optional<Consumer<CapturedMessage>> capture) {
        public Config {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            // principalId and originEndpoint: MinioEventFormat, which the notifier makes of them, checks them.
            faults = faults == null ? DeliveryFaults.none() : faults;
            capture = capture == null ? Optional.empty() : capture;
        }
    }

    private final Config config;
    private final MinioEventFormat format;
    private final ModificationTimes times = new ModificationTimes(new SequencerClock(Clock.systemUTC()));
    private final Random random;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService sender;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile DeliveryFaults faults;

    public MinioNotifier(Config config) {
        this.config = config;
        this.format = new MinioEventFormat(config.principalId(), config.originEndpoint());
        this.faults = config.faults();
        this.random = config.faults().newRandom();
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        config.bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "seqgate-devstack-notifier",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        // One thread: with no extra delay, tasks run in submission order, so per-key order is kept.
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "seqgate-devstack-notifier");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
        this.sender = executor;
    }

    @Override
    public void objectChanged(ObjectChange change) {
        ModificationTimes.Stamp stamp = times.stamp(change);
        String key = MinioEventFormat.kafkaKey(change);
        String value = format.value(change, stamp.sequencerNanos(), stamp.eventTimeNanos());
        DeliveryFaults now = faults;
        if (now.loseProbability() > 0 && random.nextDouble() < now.loseProbability()) {
            // Stamped all the same: the change happened, and the next one's sequencer is later.
            lost.incrementAndGet();
            log.info("Notification for {} lost (delivery fault --lose)", key);
            return;
        }
        schedule(key, value);
        if (now.duplicateProbability() > 0 && random.nextDouble() < now.duplicateProbability()) {
            duplicated.incrementAndGet();
            schedule(key, value);
        }
    }

    // The future is not needed: send() catches what it can throw and counts it as failed.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void schedule(String key, String value) {
        pending.incrementAndGet();
        sender.schedule(() -> send(key, value), extraDelayNanos(), TimeUnit.NANOSECONDS);
    }

    private long extraDelayNanos() {
        long max = faults.maxExtraDelay().toNanos();
        return max == 0 ? 0 : (long) (random.nextDouble() * (max + 1));
    }

    // The producer's future is not needed: the callback counts and logs every failed delivery.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void send(String key, String value) {
        try {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int partition = KeyPartitioning.MINIO_FNV1A.partition(keyBytes, partitionCount(config.topic()));
            config.capture()
                    .ifPresent(capture -> capture.accept(new CapturedMessage(config.topic(), partition, key, value)));
            producer.send(
                    new ProducerRecord<>(config.topic(), partition, keyBytes, value.getBytes(StandardCharsets.UTF_8)),
                    (metadata, error) -> {
                        if (error == null) {
                            sent.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            log.error("Notification for {} was not delivered", key, error);
                        }
                        pending.decrementAndGet();
                    });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            pending.decrementAndGet();
            log.error("Notification for {} could not be sent", key, e);
        }
    }

    private int partitionCount(String topic) {
        return partitionCounts.computeIfAbsent(
                topic, name -> producer.partitionsFor(name).size());
    }

    /**
     * Changes the delivery faults from the next object change on, so that tests sharing one stack
     * can turn duplicates and reordering on and off. Messages already scheduled keep their delay.
     */
    public void setFaults(DeliveryFaults faults) {
        this.faults = java.util.Objects.requireNonNull(faults, "faults");
    }

    /**
     * What the notifier has done so far, read at one moment.
     *
     * @param sent messages acknowledged by Kafka, duplicates included
     * @param duplicated extra copies scheduled because of {@link DeliveryFaults#duplicateProbability()}
     * @param lost changes never notified because of {@link DeliveryFaults#loseProbability()}
     * @param failed messages that Kafka did not accept (logged as errors)
     * @param pending messages scheduled or in flight, not yet acknowledged or failed
     */
    public record Deliveries(long sent, long duplicated, long lost, long failed, int pending) {}

    /**
     * The counts of {@link Deliveries} now. Pending is read first: a message is counted as sent before
     * it stops being pending, so a caller waiting for {@code pending == 0} with every sent message
     * accounted for cannot miss one that moves between the two reads.
     */
    public Deliveries deliveries() {
        int pendingNow = pending.get();
        return new Deliveries(sent.get(), duplicated.get(), lost.get(), failed.get(), pendingNow);
    }

    /** Sends what is still scheduled (delays included), then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            Duration wait = faults.maxExtraDelay().plus(CLOSE_GRACE);
            if (!sender.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Notifier still had {} messages to send after {}; dropping them", pending.get(), wait);
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        } finally {
            producer.close(CLOSE_GRACE);
        }
    }
}
