package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.runtime.StreamsProperties;
import io.seqgate.streams.SeqgateTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs Kafka Streams applications over notifications that are already on a dev stack's input topic
 * and times each from RUNNING (assignment and store set-up done) until its group has committed every
 * input record: under exactly-once that commit is the moment the results became visible.
 */
final class StreamsRun implements AutoCloseable {

    private final DevStack stack;
    private final Admin admin;
    private final long records;
    private final Duration timeout;
    private final PrintStream out;

    private StreamsRun(DevStack stack, Admin admin, long records, Duration timeout, PrintStream out) {
        this.stack = stack;
        this.admin = admin;
        this.records = records;
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * Writes {@code eventsPerKey} notifications for each of {@code keys} objects to the stack's
     * input topic ({@link NotificationLoad}), to be read by the runs that follow.
     *
     * @param timeout how long one run may take to commit them all
     */
    static StreamsRun load(DevStack stack, int keys, int eventsPerKey, Duration timeout, BenchContext context) {
        context.progress(
                "producing %,d notifications (%,d objects × %d versions) to %s",
                (long) keys * eventsPerKey, keys, eventsPerKey, stack.inputTopic());
        PrintStream out = context.out();
        long records = NotificationLoad.produce(
                stack.bootstrapServers(),
                stack.inputTopic(),
                stack.config().inputPartitions(),
                keys,
                eventsPerKey,
                out);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        return new StreamsRun(stack, admin, records, timeout, out);
    }

    /** The notifications on the input topic. */
    long records() {
        return records;
    }

    Admin admin() {
        return admin;
    }

    /** Times seqgate's topology with the sink off, under {@code config}'s application id. */
    Duration timeGate(SeqgateConfig config, String label) {
        return timeUntilCommitted(
                new KafkaStreams(
                        SeqgateTopology.build(config.topology(), stack.config().inputPartitions(), Optional.empty()),
                        StreamsProperties.of(config, Duration.ZERO)),
                config.streams().applicationId(),
                label);
    }

    /**
     * Starts {@code streams} and times it from RUNNING until its group has committed all the input;
     * closes it either way.
     *
     * @return the time from RUNNING until all the records were committed
     */
    Duration timeUntilCommitted(KafkaStreams streams, String applicationId, String label) {
        String inputTopic = stack.inputTopic();
        try {
            streams.start();
            BenchProcessor.awaitRunning(streams);
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            long lastReport = start;
            while (true) {
                long committed = committed(admin, applicationId, inputTopic);
                long now = System.nanoTime();
                if (committed >= records) {
                    return Duration.ofNanos(now - start);
                }
                if (now > deadline) {
                    throw new IllegalStateException(
                            label + ": only " + committed + " of " + records + " records committed after " + timeout);
                }
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    out.printf(
                            Locale.ROOT,
                            "    %s: %,d of %,d records committed (%.0f s)%n",
                            label,
                            committed,
                            records,
                            (now - start) / 1e9);
                }
                Pause.millis(50);
            }
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    /** Sum of the group's committed offsets on {@code topic}: records consumed and committed. */
    private static long committed(Admin admin, String groupId, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
