package io.seqgate.devstack.demo;

import io.seqgate.devstack.stack.CapturedMessage;
import io.seqgate.devstack.stack.CommittedReader;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the outcomes topic from the beginning (committed records only, so nothing a Kafka transaction
 * later aborts is counted) and counts outcomes per decision and per object; with the notifications
 * sent per object (counted by the notifier's capture hook, {@link #counting}) it tells which objects have
 * an outcome for every notification they were sent. Polled by one thread; the capture hook runs on
 * the notifier's.
 */
final class OutcomeTally implements AutoCloseable {

    private final CommittedReader<String, Outcome> consumer;
    private final Map<String, AtomicInteger> sentPerObject;
    private final Map<String, Integer> decidedPerObject = new HashMap<>();
    private final Map<Decision, Long> decisions = new EnumMap<>(Decision.class);
    private long decided;

    /**
     * @param sentPerObject notifications sent per Kafka key ({@code bucket/key}), kept up to date by
     *                      {@link #counting} given to the notifier as its capture hook
     */
    OutcomeTally(String bootstrapServers, String topic, Map<String, AtomicInteger> sentPerObject) {
        this.sentPerObject = sentPerObject;
        this.consumer = CommittedReader.named(
                "seqgate-demo-outcomes",
                bootstrapServers,
                topic,
                new StringDeserializer(),
                SeqgateSerdes.outcome().deserializer());
    }

    /** A capture hook for the notifier that counts each message sent into {@code sentPerObject}. */
    static Consumer<CapturedMessage> counting(Map<String, AtomicInteger> sentPerObject) {
        return message -> sentPerObject
                .computeIfAbsent(message.key(), k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** Reads what arrived within {@code wait}. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, Outcome> record : consumer.poll(wait)) {
            Outcome outcome = record.value();
            decided++;
            decisions.merge(outcome.decision(), 1L, Long::sum);
            if (outcome.key() != null) {
                decidedPerObject.merge(outcome.bucket() + "/" + outcome.key(), 1, Integer::sum);
            }
        }
    }

    /** Outcomes read so far. */
    long decided() {
        return decided;
    }

    long count(Decision decision) {
        return decisions.getOrDefault(decision, 0L);
    }

    Map<Decision, Long> decisions() {
        return Map.copyOf(decisions);
    }

    /**
     * Objects among {@code objects} (Kafka keys) that were sent at least {@code uploads} notifications
     * and have an outcome for each one sent so far. A late duplicate can still turn one back.
     */
    int settled(Set<String> objects, int uploads) {
        int settled = 0;
        for (String object : objects) {
            AtomicInteger sent = sentPerObject.get(object);
            if (sent != null && sent.get() >= uploads && decidedPerObject.getOrDefault(object, 0) >= sent.get()) {
                settled++;
            }
        }
        return settled;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
