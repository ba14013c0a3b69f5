package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import io.seqgate.outcome.Outcome;
import io.seqgate.streams.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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

    private static final Deserializer<Outcome> OUTCOMES =
            SeqgateSerdes.outcome().deserializer();

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // seqgate writes outcomes in transactions; count only committed ones.
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new StringDeserializer());
        partitions = consumer.partitionsFor(topic).stream()
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
        return seen.stream()
                .filter(record -> record.key() != null && key.test(record.key()))
                .toList();
    }

    /**
     * Polls until it has seen every record committed to the topic before this call. A count taken after
     * it is complete; one taken after a single poll may be any prefix of the topic.
     */
    void readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
        });
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
