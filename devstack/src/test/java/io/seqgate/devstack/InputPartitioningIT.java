package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input partitioned the way MinIO partitions it (FNV-1a), with the events of one object arriving
 * both keyed {@code bucket/key} on their own partition (direct) and keyed otherwise on other
 * partitions (through the repartition): the gate must see them all in one task.
 */
@ExtendWith(DevStackExtension.class)
class InputPartitioningIT {

    private static final int KEYS = 20;
    private static final String OLD = "18A2B3C4D5E6F708";
    private static final String NEW = "18A2B3C4D5E6F709";

    private static DevStack stack;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect(DevStack devStack) {
        stack = devStack;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void directAndRepartitionedEventsOfOneObjectMeetInOneGate(@TempDir Path stateDir) {
        Map<String, List<Decision>> decisions = run("partition-it-minio", "minio", stateDir);
        assertThat(decisions).hasSize(KEYS).allSatisfy((key, d) ->
                assertThat(d).as(key).containsExactly(Decision.SUPERSEDED, Decision.STALE, Decision.DUPLICATE));
        // Only the two wrongly keyed copies per object took the hop; the MinIO-keyed ones did not.
        assertThat(repartitioned("partition-it-minio", 2 * KEYS)).isEqualTo(2 * KEYS);
    }

    @Test
    void wrongPartitionerSettingCostsAHopButNotCorrectness(@TempDir Path stateDir) {
        Map<String, List<Decision>> decisions = run("partition-it-kafka", "kafka", stateDir);
        assertThat(decisions).hasSize(KEYS).allSatisfy((key, d) ->
                assertThat(d).as(key).containsExactly(Decision.SUPERSEDED, Decision.STALE, Decision.DUPLICATE));
        assertThat(repartitioned("partition-it-kafka", 2 * KEYS + 1)).isGreaterThan(2 * KEYS);
    }

    /**
     * Per object: the newer event keyed and placed as MinIO does, then the older event with no key on
     * another partition, then the newer event again under a connector's key on another partition.
     * Each step waits for its outcomes, so the expected order of decisions is fixed.
     */
    private static Map<String, List<Decision>> run(String app, String partitioner, Path stateDir) {
        String prefix = app + "/";
        int partitions = DevStack.INPUT_PARTITIONS;
        try (RunningProcessor processor = RunningProcessor.start(stack, app, app + "-1", stateDir,
                // keep committed repartition records, which the test counts
                Map.of("SEQGATE_INPUT_PARTITIONER", partitioner, "KAFKA_STREAMS_REPARTITION_PURGE_INTERVAL_MS", "3600000"));
             TopicReader outcomes = new TopicReader(stack.bootstrapServers(), processor.config.outcomesTopic())) {
            for (int step = 0; step < 3; step++) {
                for (int n = 0; n < KEYS; n++) {
                    String key = prefix + "img" + n + ".jpg";
                    String recordKey = stack.inputBucket() + "/" + key;
                    int home = KeyPartitioning.MINIO_FNV1A.partition(recordKey, partitions);
                    int elsewhere = (home + 1 + n % (partitions - 1)) % partitions;
                    ProducerRecord<String, String> record = switch (step) {
                        case 0 -> new ProducerRecord<>(stack.inputTopic(), home, recordKey, MinioMessages.put(key, NEW));
                        case 1 -> new ProducerRecord<>(stack.inputTopic(), elsewhere, null, MinioMessages.put(key, OLD));
                        default -> new ProducerRecord<>(stack.inputTopic(), elsewhere, "connector-key-" + n, MinioMessages.put(key, NEW));
                    };
                    producer.send(record);
                }
                producer.flush();
                int expected = (step + 1) * KEYS;
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(outcomesFor(outcomes, processor, prefix)).hasSize(expected));
            }
            Map<String, List<Decision>> byKey = new LinkedHashMap<>();
            for (Outcome o : outcomesFor(outcomes, processor, prefix)) {
                byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o.decision());
            }
            return byKey;
        }
    }

    private static List<Outcome> outcomesFor(TopicReader outcomes, RunningProcessor processor, String prefix) {
        return outcomes.outcomes(k -> k.startsWith(stack.inputBucket() + "/" + prefix), List.of(processor.config.instanceId()));
    }

    /**
     * Records of this run's objects on the app's repartition topic (earlier runs' objects pass through
     * it too), read until at least {@code atLeast} are there (a reader's first polls may return
     * nothing) and once more, so that any beyond are counted too.
     */
    private static int repartitioned(String app, int atLeast) {
        try (TopicReader rekey = new TopicReader(stack.bootstrapServers(), app + "-" + Names.REKEY + "-repartition")) {
            Predicate<String> ours = k -> k.startsWith(stack.inputBucket() + "/" + app + "/");
            await().atMost(Duration.ofSeconds(30)).until(() -> rekey.records(ours).size() >= atLeast);
            return rekey.records(ours).size();
        }
    }
}
