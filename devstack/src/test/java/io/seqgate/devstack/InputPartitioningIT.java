package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.stack.DevStack;
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
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void directAndRepartitionedEventsOfOneObjectMeetInOneGate(@TempDir Path stateDir) {
        Run run = run("partition-it-minio", "minio", stateDir);
        assertThat(run.decisions())
                .hasSize(KEYS)
                .allSatisfy((key, d) ->
                        assertThat(d).as(key).containsExactly(Decision.SUPERSEDED, Decision.STALE, Decision.DUPLICATE));
        // Only the two wrongly keyed copies per object took the hop; the MinIO-keyed ones did not.
        assertThat(run.repartitioned()).isEqualTo(2 * KEYS);
    }

    @Test
    void wrongPartitionerSettingCostsAHopButNotCorrectness(@TempDir Path stateDir) {
        Run run = run("partition-it-kafka", "kafka", stateDir);
        assertThat(run.decisions())
                .hasSize(KEYS)
                .allSatisfy((key, d) ->
                        assertThat(d).as(key).containsExactly(Decision.SUPERSEDED, Decision.STALE, Decision.DUPLICATE));
        assertThat(run.repartitioned()).isGreaterThan(2 * KEYS);
    }

    /**
     * @param decisions     per object, its decisions in order
     * @param repartitioned records the processor sent through its repartition topic
     */
    private record Run(Map<String, List<Decision>> decisions, int repartitioned) {}

    /**
     * Per object: the newer event keyed and placed as MinIO does, then the older event with no key on
     * another partition, then the newer event again under a connector's key on another partition.
     * Each step waits for its outcomes, so the expected order of decisions is fixed.
     *
     * <p>The run has an input topic of its own, so everything on its repartition topic is this run's, and
     * it is counted by reading the topic to its end with purging turned off. Kafka Streams deletes
     * repartition records once committed; an interval of an hour does not stop it, as Streams starts its
     * purge clock at zero and so purges at its first commit. The log end offsets would also count
     * the transaction markers exactly-once writes, and the producer's {@code record-send-total} counts
     * each attempt: a batch retried on {@code CONCURRENT_TRANSACTIONS}, as happens on a loaded machine,
     * or sent again after an aborted transaction, counts twice. Read committed, each record counts once.
     */
    private static Run run(String app, String partitioner, Path stateDir) {
        String prefix = app + "/";
        String inputTopic = app + "-input";
        int partitions = DevStack.INPUT_PARTITIONS;
        stack.kafka().createTopic(inputTopic, partitions);
        try (RunningProcessor processor = RunningProcessor.start(
                        stack,
                        app,
                        app + "-1",
                        stateDir,
                        Map.of(
                                "SEQGATE_INPUT_PARTITIONER",
                                partitioner,
                                "SEQGATE_INPUT_TOPIC",
                                inputTopic,
                                "KAFKA_STREAMS_REPARTITION_PURGE_INTERVAL_MS",
                                String.valueOf(Long.MAX_VALUE)));
                TopicReader outcomes = new TopicReader(
                        stack.bootstrapServers(), processor.config.topics().outcomes())) {
            for (int step = 0; step < 3; step++) {
                for (int n = 0; n < KEYS; n++) {
                    String key = prefix + "img" + n + ".jpg";
                    String recordKey = stack.inputBucket() + "/" + key;
                    int home = KeyPartitioning.MINIO_FNV1A.partition(recordKey, partitions);
                    int elsewhere = (home + 1 + n % (partitions - 1)) % partitions;
                    ProducerRecord<String, String> record = switch (step) {
                        case 0 -> new ProducerRecord<>(inputTopic, home, recordKey, MinioMessages.put(key, NEW));
                        case 1 -> new ProducerRecord<>(inputTopic, elsewhere, null, MinioMessages.put(key, OLD));
                        default ->
                            new ProducerRecord<>(
                                    inputTopic, elsewhere, "connector-key-" + n, MinioMessages.put(key, NEW));
                    };
                    producer.send(record);
                }
                producer.flush();
                int expected = (step + 1) * KEYS;
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(outcomesFor(outcomes, processor, prefix))
                                .hasSize(expected));
            }
            Map<String, List<Decision>> byKey = new LinkedHashMap<>();
            for (Outcome o : outcomesFor(outcomes, processor, prefix)) {
                byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o.decision());
            }
            return new Run(byKey, recordsOn(app + "-" + Names.REKEY + "-repartition"));
        }
    }

    private static List<Outcome> outcomesFor(TopicReader outcomes, RunningProcessor processor, String prefix) {
        return outcomes.outcomes(
                k -> k.startsWith(stack.inputBucket() + "/" + prefix), List.of(processor.config.instanceId()));
    }

    /** Every committed record on {@code topic}. */
    private static int recordsOn(String topic) {
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readToEnd();
            return reader.records(key -> true).size();
        }
    }
}
