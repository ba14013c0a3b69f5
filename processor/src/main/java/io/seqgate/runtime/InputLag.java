package io.seqgate.runtime;

import io.seqgate.metrics.SeqgateMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, every {@link #EVERY}, how far the application's consumer group is behind the end of each
 * input partition, and shows it on {@code /metrics} ({@link SeqgateMetrics#inputOffsets}).
 *
 * <p>Why not the consumer's own {@code records-lag}: the consumer updates it when it fetches, and a
 * stream thread that waits for a place in the sink ({@code SEQGATE_SINK_MAX_PENDING}), is stuck in a
 * call or has died fetches nothing, so the figure freezes exactly when it matters. This asks the broker
 * instead (end offsets, the group's committed offsets) from a thread of its own, for every partition,
 * on every instance: any live instance shows the whole group's lag, also when the owner of a partition
 * is the one in trouble.
 */
final class InputLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);

    static final Duration EVERY = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String topic;
    private final int partitions;
    private final String groupId;
    private final SeqgateMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "seqgate-input-lag");
        thread.setDaemon(true);
        return thread;
    });
    /** Whether the last measurement failed, so that a broker outage is logged once, not every round. */
    private boolean failing;

    private InputLag(Admin admin, String topic, int partitions, String groupId, SeqgateMetrics metrics) {
        this.admin = admin;
        this.topic = topic;
        this.partitions = partitions;
        this.groupId = groupId;
        this.metrics = metrics;
    }

    /**
     * Starts measuring; {@link #close()} stops and closes {@code admin}.
     *
     * @param groupId the consumer group of the stream threads: the application id
     */
    static InputLag start(Admin admin, String topic, int partitions, String groupId, SeqgateMetrics metrics) {
        InputLag lag = new InputLag(admin, topic, partitions, groupId, metrics);
        // measure() handles its own failures, so the schedule goes on until close().
        var unused = lag.timer.scheduleWithFixedDelay(lag::measure, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    private void measure() {
        Map<Integer, Long> end;
        Map<Integer, Long> lag;
        try {
            end = offsets(OffsetSpec.latest());
            Map<Integer, Long> committed = committed();
            // Only a partition the group has never committed needs its start: it is read from there.
            Map<Integer, Long> start = committed.size() < partitions ? offsets(OffsetSpec.earliest()) : Map.of();
            lag = behind(end, committed, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (timer.isShutdown()) {
                return; // closed under the measurement
            }
            if (!failing) {
                LOG.warn("Cannot measure the lag on {} (shown as none until it can): {}", topic, e.toString());
            }
            failing = true;
            metrics.inputOffsets(topic, Map.of(), Map.of());
            return;
        }
        if (failing) {
            LOG.info("Measuring the lag on {} again", topic);
        }
        failing = false;
        metrics.inputOffsets(topic, end, lag);
    }

    /**
     * Records between where the group goes on reading each partition and its end: from its committed
     * offset, or from the partition's start when it has none (Streams reads from the earliest offset).
     */
    static Map<Integer, Long> behind(Map<Integer, Long> end, Map<Integer, Long> committed, Map<Integer, Long> start) {
        Map<Integer, Long> lag = new HashMap<>();
        end.forEach((partition, endOffset) -> {
            Long from = committed.getOrDefault(partition, start.get(partition));
            if (from != null) {
                lag.put(partition, Math.max(0, endOffset - from));
            }
        });
        return lag;
    }

    private Map<Integer, Long> offsets(OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer =
                admin.listOffsets(request).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> byPartition = new HashMap<>();
        answer.forEach((tp, info) -> byPartition.put(tp.partition(), info.offset()));
        return byPartition;
    }

    private Map<Integer, Long> committed() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> answer = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> byPartition = new HashMap<>();
        answer.forEach((tp, offset) -> {
            // The group also commits its repartition topic; a partition it has never committed maps to null.
            if (tp.topic().equals(topic) && offset != null) {
                byPartition.put(tp.partition(), offset.offset());
            }
        });
        return byPartition;
    }

    /**
     * Stops at once: a measurement under way fails (and shows nothing), so that a stop waits for no broker
     * call and {@code ProcessorRunner.longestClose} needs no share for it.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ZERO);
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
