package io.seqgate.devstack;

import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A whole topic read as text ({@link TopicRecords}), with the filters the integration tests share
 * topics by: a key prefix, and for outcomes the instances that wrote them.
 */
final class TopicReader implements AutoCloseable {

    private static final Deserializer<Outcome> OUTCOMES =
            SeqgateSerdes.outcome().deserializer();

    private final TopicRecords<String, String> topic;

    TopicReader(String bootstrapServers, String topic) {
        this.topic = TopicRecords.of(bootstrapServers, topic, new StringDeserializer());
    }

    /**
     * Polls once and returns every record seen so far whose key matches, in arrival order. Records
     * without a key never match: tests share the topics, and some produce null-keyed input on purpose.
     */
    List<ConsumerRecord<String, String>> records(Predicate<String> key) {
        return topic.all().stream()
                .filter(record -> record.key() != null && key.test(record.key()))
                .toList();
    }

    /**
     * Polls until it has seen every record committed to the topic before this call. A count taken after
     * it is complete; one taken after a single poll may be any prefix of the topic.
     */
    void readToEnd() {
        topic.readToEnd(Duration.ofSeconds(60));
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
        topic.close();
    }
}
