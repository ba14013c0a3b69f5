package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import io.seqgate.outcome.Outcome;
import io.seqgate.streams.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning, without a group, and keeps every record it has seen. */
final class TopicReader implements AutoCloseable {

    private static final Deserializer<Outcome> OUTCOMES = SeqgateSerdes.outcome().deserializer();

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // seqgate writes outcomes in transactions; count only committed ones.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls once and returns every record seen so far whose key matches, in arrival order. Records
     * without a key never match: tests share the topics, and some produce null-keyed input on purpose.
     */
    List<ConsumerRecord<String, String>> records(Predicate<String> key) {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        return seen.stream().filter(record -> record.key() != null && key.test(record.key())).toList();
    }

    /**
     * Reads up to the current end of the topic (the last stable offset: uncommitted transactions are not
     * waited for), then returns every record seen whose key matches, as {@link #records} does. For a count
     * taken once: a fresh consumer's first polls may return nothing while it finds its offsets.
     */
    List<ConsumerRecord<String, String>> recordsToEnd(Predicate<String> key) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return records(key);
    }

    /**
     * Polls once and returns the records seen so far whose key matches, read as seqgate outcomes,
     * written by the given instances only: tests share the outcomes topic, and a processor started
     * later re-decides earlier tests' input under its own instance id.
     */
    List<Outcome> outcomes(Predicate<String> key, Collection<String> instanceIds) {
        return records(key).stream()
                .map(r -> OUTCOMES.deserialize(r.topic(), r.value().getBytes(StandardCharsets.UTF_8)))
                .filter(o -> instanceIds.contains(o.instance()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
