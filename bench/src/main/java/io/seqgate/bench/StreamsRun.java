package io.seqgate.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs a Kafka Streams application over input that is already on the topic and times it from
 * RUNNING (assignment and store set-up done) until its group has committed every input record:
 * under exactly-once that commit is the moment the results became visible.
 */
final class StreamsRun {

    private StreamsRun() {}

    /**
     * Starts {@code streams} and times it from RUNNING until its group has committed all the input.
     *
     * @param records input records to wait for
     * @return the time from RUNNING until all {@code records} were committed
     */
    static Duration timeUntilCommitted(
            KafkaStreams streams,
            Admin admin,
            String applicationId,
            String inputTopic,
            long records,
            Duration timeout,
            PrintStream out,
            String label) {
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

    /** Sum of the group's committed offsets on {@code topic}: records consumed and committed. */
    static long committed(Admin admin, String groupId, String topic) {
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
