package io.seqgate.deploy;

import static io.seqgate.connect.sqs.Samples.eventBridgeCreated;
import static io.seqgate.connect.sqs.Samples.record;
import static io.seqgate.connect.sqs.Samples.records;
import static io.seqgate.connect.sqs.Samples.sns;
import static io.seqgate.connect.sqs.Samples.testEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.connect.sqs.InProcessSqs;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.runtime.ProcessorRunner;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The AWS path for real, without AWS: ElasticMQ (an SQS API server) in this JVM, seqgate's SQS source
 * connector on a Kafka Connect standalone worker in a forked JVM running
 * {@code connector-config/aws/sqs-source.json} (queue URL, endpoint and visibility timeout overridden),
 * the embedded broker and S3 server, and a seqgate processor with {@code SEQGATE_INPUT_PARTITIONER=kafka}.
 * Notifications of every shape land keyed {@code bucket/key} and are decided by the gate; SIGKILLs of the
 * worker lose none. The figures go to {@code target/sqs-connect-it.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqsConnectPipelineIT {

    private static final Logger LOG = LoggerFactory.getLogger(SqsConnectPipelineIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Deserializer<Outcome> OUTCOMES =
            SeqgateSerdes.outcome().deserializer();
    private static final String BUCKET = "sqs-input";
    private static final String CONNECTOR = "seqgate-sqs-source";
    private static final String INSTANCE = "sqs-it-1";
    private static final int VISIBILITY_TIMEOUT_SECONDS = 10;
    private static final int BATCH = 40;
    /** How long a read of the whole input topic may take before the test fails rather than hangs. */
    private static final Duration READ_TO_END = Duration.ofSeconds(60);

    private static DevStack stack;
    private static S3Client s3;
    private static InProcessSqs sqs;
    private static SqsFaultProxy proxy;
    private static String queueUrl;
    private static ProcessorRunner processor;
    private static Path workerDir;
    private static Path connectorJson;
    private static int tasks;
    private static ConnectWorker worker;
    private static TopicRecords<String, byte[]> input;
    private static TopicRecords<String, byte[]> outcomes;
    private static TopicRecords<String, byte[]> deadLetters;
    private static int messagesSent;
    private static int workerKills;
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        stack = DevStack.builder().start();
        stack.s3().createBucket(BUCKET);
        s3 = stack.s3().newS3Client();
        sqs = InProcessSqs.start();
        sqs.createQueue("seqgate-s3-events");
        proxy = SqsFaultProxy.start(sqs.endpoint());
        queueUrl = proxy.uri() + "/000000000000/seqgate-s3-events";

        Map<String, String> env = new HashMap<>(stack.processorSettings());
        env.put("SEQGATE_APPLICATION_ID", "sqs-it");
        env.put("SEQGATE_INSTANCE_ID", INSTANCE);
        env.put("SEQGATE_STATE_DIR", dir.resolve("state").toString());
        env.put("SEQGATE_INPUT_LOCATIONS", BUCKET);
        // What connector-config/aws/processor.env says: Connect places records with Kafka's partitioner.
        env.put("SEQGATE_INPUT_PARTITIONER", "kafka");
        env.put("SEQGATE_HTTP_PORT", "off");
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "100");
        // One instance: nowhere to put a standby.
        env.put("KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "0");
        processor = ProcessorRunner.forConfig(SeqgateConfig.fromEnv(env));
        KafkaStreams streams = processor.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

        // Under target/, so that the worker's log outlives the test.
        workerDir = Path.of("target", "sqs-connect-it");
        deleteRecursively(workerDir);
        Files.createDirectories(workerDir);
        connectorJson = connectorConfig(workerDir);
        worker = startWorker();
        input = TopicRecords.of(stack.bootstrapServers(), stack.inputTopic(), new ByteArrayDeserializer());
        outcomes =
                TopicRecords.of(stack.bootstrapServers(), stack.config().outcomesTopic(), new ByteArrayDeserializer());
        deadLetters = TopicRecords.of(stack.bootstrapServers(), stack.config().dlqTopic(), new ByteArrayDeserializer());
    }

    /** The shipped sqs-source.json with only what points it at this machine changed. */
    private static Path connectorConfig(Path dir) throws IOException {
        ObjectNode file = (ObjectNode)
                JSON.readTree(Path.of(System.getProperty("seqgate.root"), "connector-config", "aws", "sqs-source.json")
                        .toFile());
        ObjectNode config = (ObjectNode) file.get("config");
        tasks = config.get("tasks.max").asInt();
        config.put("sqs.queue.url", queueUrl);
        config.put("sqs.endpoint.override", proxy.uri().toString());
        // Short, so that messages a killed worker left undeleted come back within the test.
        config.put("sqs.visibility.timeout.seconds", String.valueOf(VISIBILITY_TIMEOUT_SECONDS));
        Path json = dir.resolve("sqs-source.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), file);
        return json;
    }

    private static ConnectWorker startWorker() {
        // No static keys in sqs-source.json: the connector takes the AWS SDK's default chain, as with an IAM role.
        ConnectWorker started = ConnectWorker.start(
                workerDir,
                stack.bootstrapServers(),
                connectorJson,
                Map.of("AWS_ACCESS_KEY_ID", InProcessSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", InProcessSqs.SECRET_KEY));
        try {
            started.awaitRunning(CONNECTOR, tasks);
        } catch (RuntimeException e) {
            // Not left running: a worker nobody holds would go on polling the queue.
            started.close();
            throw e;
        }
        return started;
    }

    @AfterAll
    static void stop() throws IOException {
        FIGURES.put("messages sent to SQS", String.valueOf(messagesSent));
        FIGURES.put("Connect worker SIGKILLs survived", String.valueOf(workerKills));
        if (input != null) {
            FIGURES.put(
                    "records the connector produced to s3-events",
                    String.valueOf(
                            connectorRecords(input.readToEnd(READ_TO_END)).size()));
            FIGURES.put("decisions", decisionCounts(ourOutcomes()).toString());
        }
        String report = FIGURES.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
        Files.writeString(Path.of("target", "sqs-connect-it.txt"), report + "\n");
        LOG.info("SQS → Connect → seqgate figures:\n{}", report);
        for (AutoCloseable part : new AutoCloseable[] {input, outcomes, deadLetters, worker, s3, proxy, sqs, stack}) {
            closeQuietly(part);
        }
        if (processor != null) {
            processor.close(Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(1)
    void everyNotificationShapeArrivesKeyedBucketSlashKeyAndIsDecidedAsTheAwsRulesSay() {
        String single = records(record(BUCKET, "shapes/single.png", put("shapes/single.png", 1), "0065A1B2C3D4E5F601"));
        send(single);
        send(records(
                record(BUCKET, "shapes/multi+a.png", put("shapes/multi a.png", 2), "0065A1B2C3D4E5F602"),
                record(BUCKET, "shapes/multi+b%2B.png", put("shapes/multi b+.png", 3), "0065A1B2C3D4E5F603")));
        send(sns(records(record(BUCKET, "shapes/sns.png", put("shapes/sns.png", 4), "0065A1B2C3D4E5F604"))));
        send(eventBridgeCreated(
                BUCKET, "shapes/eventbridge.png", put("shapes/eventbridge.png", 5), "0065a1b2c3d4e5f605"));
        send(testEvent(BUCKET));
        send("this is not a notification");
        // Reordered: the newer event is delivered first, the older one after it has been decided.
        String older = put("shapes/reordered.png", 6);
        String newer = put("shapes/reordered.png", 7);
        send(records(record(BUCKET, "shapes/reordered.png", newer, "0065A1B2C3D4E5F607")));
        awaitDoneOnceThen("shapes/reordered.png", Set.of(Decision.DUPLICATE));
        send(records(record(BUCKET, "shapes/reordered.png", older, "0065A1B2C3D4E5F606")));
        // Duplicate: SQS delivers at least once, so the same message again.
        awaitDoneOnceThen("shapes/single.png", Set.of(Decision.DUPLICATE));
        send(single);

        // A message whose deletion came later than its visibility timeout (a loaded machine) is written
        // again, so any key may also see DUPLICATEs (or, for the older event, STALE again) beyond these.
        awaitDoneOnceThen("shapes/single.png", Set.of(Decision.DUPLICATE), Decision.DUPLICATE);
        awaitDoneOnceThen("shapes/multi a.png", Set.of(Decision.DUPLICATE));
        awaitDoneOnceThen("shapes/multi b+.png", Set.of(Decision.DUPLICATE));
        awaitDoneOnceThen("shapes/sns.png", Set.of(Decision.DUPLICATE));
        awaitDoneOnceThen("shapes/eventbridge.png", Set.of(Decision.DUPLICATE));
        awaitDoneOnceThen("shapes/reordered.png", Set.of(Decision.DUPLICATE, Decision.STALE), Decision.STALE);
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(ourOutcomes()).anySatisfy(o -> {
                    assertThat(o.event()).isEqualTo("s3:TestEvent");
                    assertThat(o.bucket()).isEqualTo(BUCKET);
                    assertThat(o.decision()).isEqualTo(Decision.IGNORED);
                }));
        assertThat(connectorRecords(input.readToEnd(READ_TO_END)))
                .extracting(ConsumerRecord::key)
                .contains(
                        BUCKET + "/shapes/single.png",
                        BUCKET + "/shapes/multi a.png",
                        BUCKET + "/shapes/multi b+.png",
                        BUCKET + "/shapes/sns.png",
                        BUCKET + "/shapes/eventbridge.png",
                        BUCKET + "/shapes/reordered.png",
                        BUCKET);
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(deadLetters.all()).anySatisfy(dead -> {
                    assertThat(new String(dead.value(), UTF_8)).isEqualTo("this is not a notification");
                    assertThat(header(dead, "seqgate.error.kind")).isEqualTo("unparseable");
                    assertThat(header(dead, "sqs.message.id")).isNotBlank();
                }));
        awaitQueueEmpty();
    }

    @Test
    @Order(2)
    void sigkillOfTheWorkerAfterKafkaAcknowledgedButBeforeSqsDeletedLosesNothing() {
        List<String> keys = batchKeys("kill-acked");
        proxy.failDeletes(true);
        sendBatch(keys, 1);
        await().atMost(Duration.ofMinutes(3)).until(() -> producedKeys().containsAll(objectKeys(keys)));
        assertThat(sqs.messagesLeft(queueUrl))
                .as("messages left when the worker is killed")
                .isEqualTo(keys.size());
        assertThat(proxy.deletesFailed()).as("delete calls that failed").isPositive();

        worker.kill();
        workerKills++;
        proxy.failDeletes(false);
        worker = startWorker();

        awaitEveryKeyDecidedOnceThenOnlyDuplicates(keys, true);
        awaitQueueEmpty();
        FIGURES.put(
                "kill after ack: messages / DUPLICATE answers to redeliveries",
                keys.size() + " / " + count(keys, Decision.DUPLICATE));
    }

    @Test
    @Order(3)
    void sigkillOfTheWorkerWhileItIsWritingABatchLosesNothing() {
        List<String> keys = batchKeys("kill-busy");
        sendBatch(keys, 1);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> producedKeys().stream().anyMatch(objectKeys(keys)::contains));

        worker.kill();
        workerKills++;
        worker = startWorker();

        awaitEveryKeyDecidedOnceThenOnlyDuplicates(keys, false);
        awaitQueueEmpty();
        FIGURES.put(
                "kill mid-batch: messages / DUPLICATE answers to redeliveries",
                keys.size() + " / " + count(keys, Decision.DUPLICATE));
    }

    private static List<String> batchKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            keys.add(prefix + "/img" + i + ".png");
        }
        return keys;
    }

    /** Uploads every key and sends one single-record message for it, ten per SendMessageBatch call. */
    private static void sendBatch(List<String> keys, int version) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String body = records(record(BUCKET, key, put(key, 100 + i), String.format("0065B000000000%04X", version)));
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(String.valueOf(i % 10))
                    .messageBody(body)
                    .build());
            if (entries.size() == 10 || i == keys.size() - 1) {
                List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
                assertThat(sqs.client()
                                .sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch))
                                .failed())
                        .isEmpty();
                messagesSent += batch.size();
                entries.clear();
            }
        }
    }

    /**
     * Every key: exactly one DONE (nothing lost, nothing done twice), everything else DUPLICATE. When
     * {@code redelivered}, every message was left in the queue by the kill, so every key also has a DUPLICATE.
     */
    private static void awaitEveryKeyDecidedOnceThenOnlyDuplicates(List<String> keys, boolean redelivered) {
        for (String key : keys) {
            if (redelivered) {
                awaitDoneOnceThen(key, Set.of(Decision.DUPLICATE), Decision.DUPLICATE);
            } else {
                awaitDoneOnceThen(key, Set.of(Decision.DUPLICATE));
            }
        }
    }

    /**
     * Waits until the key's first decision is DONE, its only one, and every later decision is one of
     * {@code later}, among them each of {@code required}.
     */
    private static void awaitDoneOnceThen(String key, Set<Decision> later, Decision... required) {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<Decision> decisions = decisionsByKey().getOrDefault(key, List.of());
                    assertThat(decisions)
                            .as("decisions for %s", key)
                            .startsWith(Decision.DONE)
                            .containsOnlyOnce(Decision.DONE);
                    List<Decision> afterDone = decisions.subList(1, decisions.size());
                    assertThat(afterDone).as("decisions for %s after DONE", key).isSubsetOf(later);
                    if (required.length > 0) {
                        assertThat(afterDone)
                                .as("decisions for %s after DONE", key)
                                .contains(required);
                    }
                });
    }

    private static void awaitQueueEmpty() {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(sqs.messagesLeft(queueUrl))
                        .as("messages left in the queue")
                        .isZero());
    }

    private static long count(List<String> keys, Decision decision) {
        Map<String, List<Decision>> byKey = decisionsByKey();
        return keys.stream()
                .flatMap(k -> byKey.getOrDefault(k, List.of()).stream())
                .filter(decision::equals)
                .count();
    }

    private static Map<String, List<Decision>> decisionsByKey() {
        Map<String, List<Decision>> byKey = new HashMap<>();
        for (Outcome outcome : ourOutcomes()) {
            if (outcome.key() != null) {
                byKey.computeIfAbsent(outcome.key(), k -> new ArrayList<>()).add(outcome.decision());
            }
        }
        return byKey;
    }

    private static List<Outcome> ourOutcomes() {
        return outcomes.all().stream()
                .map(r -> OUTCOMES.deserialize(r.topic(), r.value()))
                .filter(o -> INSTANCE.equals(o.instance()) && BUCKET.equals(o.bucket()))
                .toList();
    }

    private static Map<Decision, Long> decisionCounts(List<Outcome> outcomes) {
        Map<Decision, Long> counts = new EnumMap<>(Decision.class);
        outcomes.forEach(o -> counts.merge(o.decision(), 1L, Long::sum));
        return counts;
    }

    /** Records the connector wrote to s3-events (they carry the SQS message id). */
    private static List<ConsumerRecord<String, byte[]>> connectorRecords() {
        return connectorRecords(input.all());
    }

    private static List<ConsumerRecord<String, byte[]>> connectorRecords(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(r -> r.headers().lastHeader("sqs.message.id") != null)
                .toList();
    }

    private static List<String> producedKeys() {
        return connectorRecords().stream().map(ConsumerRecord::key).toList();
    }

    private static List<String> objectKeys(List<String> keys) {
        return keys.stream()
                .map(k -> BUCKET + "/" + URLDecoder.decode(k, UTF_8))
                .toList();
    }

    private static void send(String body) {
        sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        messagesSent++;
    }

    /** Uploads a small PNG (distinct per {@code shade}) and returns its eTag as S3 writes it in an event: unquoted. */
    private static String put(String key, int shade) {
        String eTag = s3.putObject(
                        b -> b.bucket(BUCKET).key(key).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.flat(8, 8, shade * 0x010203)))
                .eTag();
        return eTag.replace("\"", "");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed", part, e);
        }
    }
}
