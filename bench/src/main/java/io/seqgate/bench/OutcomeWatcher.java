package io.seqgate.bench;

import io.seqgate.devstack.stack.CommittedReader;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the outcomes topic on its own thread, committed records only (what a downstream consumer
 * sees), and notes when each object's DONE outcome arrived, in {@link System#nanoTime()}.
 */
final class OutcomeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWatcher.class);

    private final CommittedReader<String, Outcome> consumer;
    private final Thread thread;
    private final Map<String, Long> doneAt = new ConcurrentHashMap<>();
    private final Map<String, Timing> timings = new ConcurrentHashMap<>();
    private final Map<Decision, AtomicLong> decisions = new EnumMap<>(Decision.class);
    private final AtomicLong total = new AtomicLong();
    private volatile boolean running = true;

    OutcomeWatcher(String bootstrapServers, String topic) {
        for (Decision d : Decision.values()) {
            decisions.put(d, new AtomicLong());
        }
        consumer = CommittedReader.named(
                "seqgate-bench-outcomes",
                bootstrapServers,
                topic,
                new StringDeserializer(),
                SeqgateSerdes.outcome().deserializer());
        thread = new Thread(this::readUntilClosed, "seqgate-bench-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    private void readUntilClosed() {
        try {
            while (running) {
                for (ConsumerRecord<String, Outcome> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Outcome outcome = record.value();
                    decisions.get(outcome.decision()).incrementAndGet();
                    if (outcome.decision() == Decision.DONE && outcome.key() != null) {
                        doneAt.putIfAbsent(outcome.key(), now);
                        timings.putIfAbsent(outcome.key(), Timing.of(outcome, System.currentTimeMillis()));
                    }
                    total.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.error("Reading outcomes failed", e);
        } finally {
            consumer.close();
        }
    }

    /**
     * When a DONE outcome's stages ended, by the wall clock (the processor shares this JVM's clock):
     * the gate's decision and the sink's completion as the outcome states them, and when it was read.
     */
    record Timing(long decidedAtMs, long completedAtMs, long readAtMs) {
        static Timing of(Outcome outcome, long readAtMs) {
            return new Timing(millis(outcome.decidedAt()), millis(outcome.completedAt()), readAtMs);
        }

        private static long millis(String instant) {
            return instant == null ? -1 : Instant.parse(instant).toEpochMilli();
        }
    }

    /** The stages of object {@code key}'s first DONE outcome, if it has one. */
    Optional<Timing> timing(String key) {
        return Optional.ofNullable(timings.get(key));
    }

    /** Outcomes read so far, all decisions. */
    long total() {
        return total.get();
    }

    long count(Decision decision) {
        return decisions.get(decision).get();
    }

    /** When the first DONE outcome for object {@code key} (in the input bucket) arrived. */
    OptionalLong doneAt(String key) {
        Long at = doneAt.get(key);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** Waits until at least {@code count} outcomes were read or {@code deadlineNanos} passed; true when reached. */
    boolean awaitTotal(long count, long deadlineNanos) {
        return await(() -> total.get() >= count, deadlineNanos);
    }

    /** Waits until every one of {@code keys} has its DONE outcome or {@code deadlineNanos} passed; true when all are done. */
    boolean awaitDone(List<String> keys, long deadlineNanos) {
        // Keys are done roughly in order, so each look starts at the first key not seen done yet.
        int[] next = {0};
        return await(
                () -> {
                    while (next[0] < keys.size() && doneAt.containsKey(keys.get(next[0]))) {
                        next[0]++;
                    }
                    return next[0] == keys.size();
                },
                deadlineNanos);
    }

    /** When the last of {@code keys} that is done got its DONE outcome; now when none is. */
    long lastDone(List<String> keys) {
        return keys.stream()
                .mapToLong(k -> doneAt(k).orElse(Long.MIN_VALUE))
                .max()
                .orElse(System.nanoTime());
    }

    private static boolean await(BooleanSupplier reached, long deadlineNanos) {
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Pause.millis(20);
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
