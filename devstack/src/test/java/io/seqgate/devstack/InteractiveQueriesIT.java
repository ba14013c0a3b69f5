package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqgate.cli.Main;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.query.StateLookup;
import io.seqgate.query.UrlPaths;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.Names;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Three instances of one application, each with its HTTP API and a bearer token, answering state
 * queries for objects uploaded through S3 (MinIO-partitioned input): any instance answers for any
 * key, listings cover every instance, metrics agree with the outcomes topic, and the token is enforced.
 */
@ExtendWith(DevStackExtension.class)
class InteractiveQueriesIT {

    private static final String APP = "queries-it";
    private static final String PREFIX = APP + "/";
    private static final String TOKEN = "queries-it-token-0123456789abcdef";
    private static final List<String> KEYS = Stream.concat(
                    Stream.of(
                            "dir/sub dir/deep.png",
                            "space and+plus.png",
                            "ünïcödé/日本語.png",
                            "100%.png",
                            "q?a#b&c=d.png",
                            "emoji 😀.png"),
                    IntStream.range(0, 20).mapToObj(n -> "img" + n + ".png"))
            .map(k -> PREFIX + k)
            .toList();

    private static DevStack stack;
    private static S3Client s3;
    private static final List<RunningProcessor> instances = new ArrayList<>();

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        s3 = stack.newS3Client();
        Map<String, String> settings = Map.of(
                "SEQGATE_HTTP_TOKEN",
                TOKEN,
                // Other test classes' objects share the input topic; leave them to their own processors.
                "SEQGATE_INPUT_LOCATIONS",
                stack.inputBucket() + "/" + PREFIX);
        for (int i = 1; i <= 3; i++) {
            RunningProcessor p =
                    RunningProcessor.launch(stack, APP, APP + "-" + i, stateDir.resolve("i" + i), settings);
            instances.add(p);
            // Not ready before RUNNING: asked at once, the instance is still joining the group.
            HttpApi.Answer ready = HttpApi.get(p.url(), "/health/ready", null);
            assertThat(ready.status())
                    .as("ready of %s while %s", p.url(), ready.body())
                    .isEqualTo(503);
            assertThat(ready.json().get("state").asText()).isNotEqualTo("RUNNING");
            assertThat(ready.retryAfter()).isPresent();
        }
        awaitSettled(instances, 3);
        for (int version = 1; version <= 2; version++) {
            int v = version;
            for (int n = 0; n < KEYS.size(); n++) {
                int k = n;
                s3.putObject(
                        b -> b.bucket(stack.inputBucket()).key(KEYS.get(k)).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.version(k, v)));
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (String key : KEYS) {
                        HttpApi.Answer a = HttpApi.get(
                                instances.get(0).url(), HttpApi.objectPath(stack.inputBucket(), key), TOKEN);
                        assertThat(a.status()).as("%s: %s", key, a.body()).isEqualTo(200);
                        assertThat(a.json().at("/lastDecision/decision").asText())
                                .as(key)
                                .isEqualTo("DONE");
                        assertThat(a.json().at("/counters/accepted").asLong())
                                .as(key)
                                .isEqualTo(2);
                    }
                });
    }

    /** Waits until every instance is RUNNING and the metadata shows {@code count} instances owning all partitions. */
    static void awaitSettled(List<RunningProcessor> group, int count) {
        awaitSettled(group, count, TOKEN);
    }

    /** As {@link #awaitSettled(List, int)}, for instances with another bearer token. */
    static void awaitSettled(List<RunningProcessor> group, int count, String token) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (RunningProcessor p : group) {
                        assertThat(p.streams().state()).as(p.url()).isEqualTo(KafkaStreams.State.RUNNING);
                        assertThat(HttpApi.get(p.url(), "/health/ready", null).status())
                                .isEqualTo(200);
                    }
                    // 503 while the group still forms: an answer to wait for, not a failure.
                    HttpApi.Answer answer = HttpApi.get(group.get(0).url(), "/instances", token);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    JsonNode all = answer.json().get("instances");
                    assertThat(all).as(all.toString()).hasSize(count);
                    Set<Integer> owned = new HashSet<>();
                    all.forEach(i -> {
                        assertThat(i.get("state").asText()).isEqualTo("RUNNING");
                        i.get("active").forEach(p -> owned.add(p.asInt()));
                    });
                    assertThat(owned).hasSize(DevStack.INPUT_PARTITIONS);
                });
    }

    @AfterAll
    static void stop() {
        instances.forEach(RunningProcessor::close);
        s3.close();
    }

    @Test
    void sameKeyIsAnsweredIdenticallyThroughEveryInstanceByItsOwner() {
        for (String key : KEYS) {
            List<JsonNode> answers = new ArrayList<>();
            for (RunningProcessor p : instances) {
                HttpApi.Answer a = HttpApi.get(p.url(), HttpApi.objectPath(stack.inputBucket(), key), TOKEN);
                assertThat(a.status())
                        .as("%s via %s: %s", key, p.url(), a.body())
                        .isEqualTo(200);
                answers.add(a.json());
            }
            assertThat(answers).as(key).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
            JsonNode answer = answers.get(0);
            assertThat(answer.get("key").asText()).isEqualTo(key);
            assertThat(answer.get("stale").asBoolean()).isFalse();
            // The owner is the instance running the task of the partition MinIO put the key in.
            int partition =
                    KeyPartitioning.MINIO_FNV1A.partition(stack.inputBucket() + "/" + key, DevStack.INPUT_PARTITIONS);
            assertThat(answer.get("partition").asInt()).as(key).isEqualTo(partition);
            assertThat(instances
                            .get(0)
                            .streams()
                            .queryMetadataForKey(
                                    Names.STATE_STORE,
                                    stack.inputBucket() + "/" + key,
                                    KeyPartitioning.MINIO_FNV1A.streamPartitioner())
                            .activeHost())
                    .isEqualTo(HostInfo.buildFromEndpoint(answer.get("servedBy").asText()));
        }
    }

    @Test
    void stateCommandPrintsWhatAnyInstanceKnowsAndExitsOneForAnUnknownObject() {
        String key = KEYS.get(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("SEQGATE_HTTP_TOKEN", TOKEN);
        int found = Main.run(
                new String[] {"state", "--url", instances.get(2).url(), stack.inputBucket() + "/" + key},
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(found).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"key\" : \"" + key + "\"", "\"sequencer\"");
        int unknown = Main.run(
                new String[] {"state", "--url", instances.get(0).url(), stack.inputBucket() + "/" + PREFIX + "nope"},
                env,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(unknown).isEqualTo(1);
    }

    @Test
    void unknownObjectIs404WithJson() {
        HttpApi.Answer a = HttpApi.get(
                instances.get(1).url(), HttpApi.objectPath(stack.inputBucket(), PREFIX + "never-uploaded.png"), TOKEN);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("key").asText()).isEqualTo(PREFIX + "never-uploaded.png");
    }

    @Test
    void pagedListingAcrossInstancesIsCompleteOrderedAndWithoutDuplicates() {
        for (RunningProcessor via : instances) {
            List<String> listed = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                String query = "/objects?bucket=" + stack.inputBucket() + "&prefix=" + UrlPaths.encode(PREFIX, false)
                        + "&limit=4" + (after == null ? "" : "&after=" + UrlPaths.encode(after, false));
                HttpApi.Answer a = HttpApi.get(via.url(), query, TOKEN);
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                assertThat(a.json().get("objects").size()).isLessThanOrEqualTo(4);
                a.json().get("objects").forEach(o -> listed.add(o.get("key").asText()));
                after = a.json().get("next").isNull()
                        ? null
                        : a.json().get("next").asText();
                pages++;
            } while (after != null && pages < 50);
            assertThat(listed)
                    .as("via %s", via.url())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(KEYS);
            assertThat(listed).isSortedAccordingTo((a, b) -> StateLookup.KEY_ORDER.compare("input/" + a, "input/" + b));
        }
    }

    @Test
    void instancesListsEveryInstanceWithItsPartitions() {
        JsonNode all =
                HttpApi.get(instances.get(2).url(), "/instances", TOKEN).json().get("instances");
        assertThat(all).hasSize(3);
        Set<Integer> active = new HashSet<>();
        Set<Integer> standby = new HashSet<>();
        List<String> hosts = new ArrayList<>();
        all.forEach(i -> {
            hosts.add(i.get("host").asText());
            i.get("active")
                    .forEach(p -> assertThat(active.add(p.asInt()))
                            .as("partition %s active once", p)
                            .isTrue());
            i.get("standby").forEach(p -> standby.add(p.asInt()));
            assertThat(i.get("storeLag").size()).isGreaterThan(0);
        });
        assertThat(hosts)
                .containsExactlyInAnyOrderElementsOf(
                        instances.stream().map(RunningProcessor::host).toList());
        assertThat(active).hasSize(DevStack.INPUT_PARTITIONS);
        assertThat(standby).hasSize(DevStack.INPUT_PARTITIONS);
    }

    @Test
    void metricsCountOutcomesAsTheOutcomesTopicHoldsThem() {
        Set<String> ids = Set.of(APP + "-1", APP + "-2", APP + "-3");
        try (TopicReader outcomes =
                new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        List<Outcome> ours = outcomes.outcomes(k -> true, ids);
                        List<String> scrapes = instances.stream()
                                .map(p ->
                                        HttpApi.get(p.url(), "/metrics", TOKEN).body())
                                .toList();
                        for (Decision d : Decision.values()) {
                            if (d == Decision.INVALID) {
                                // An unparseable message is counted INVALID but written to the dead-letter
                                // topic, not the outcomes: other tests of this JVM put some on the shared input.
                                continue;
                            }
                            double counted = scrapes.stream()
                                    .mapToDouble(
                                            s -> HttpApi.sample(s, "seqgate_outcomes_total{decision=\"" + d + "\"}"))
                                    .sum();
                            assertThat((long) counted)
                                    .as("%s outcomes counted vs on the topic", d)
                                    .isEqualTo(ours.stream()
                                            .filter(o -> o.decision() == d)
                                            .count());
                        }
                        assertThat(ours.stream()
                                        .filter(o -> o.decision() == Decision.DONE)
                                        .count())
                                .isGreaterThanOrEqualTo(KEYS.size());
                    });
        }
        String scrape = HttpApi.get(instances.get(0).url(), "/metrics", TOKEN).body();
        assertThat(scrape)
                .contains(
                        "seqgate_s3_call_seconds_count{operation=\"GET\"}",
                        "seqgate_transform_seconds_count",
                        "seqgate_end_to_end_seconds_bucket",
                        "kafka_stream_");
        double endToEnd = instances.stream()
                .mapToDouble(p -> HttpApi.sample(
                        HttpApi.get(p.url(), "/metrics", TOKEN).body(), "seqgate_end_to_end_seconds_count"))
                .sum();
        assertThat(endToEnd).isGreaterThanOrEqualTo(KEYS.size());
    }

    @Test
    void requestsWithoutOrWithAWrongTokenAreRefusedButHealthChecksAreOpen() {
        String object = HttpApi.objectPath(stack.inputBucket(), KEYS.get(0));
        for (String path : List.of(object, "/objects?bucket=input", "/instances", "/metrics")) {
            HttpApi.Answer none = HttpApi.get(instances.get(0).url(), path, null);
            assertThat(none.status()).as("%s without a token", path).isEqualTo(401);
            assertThat(none.json().get("error").asText()).contains("bearer token");
            assertThat(HttpApi.get(instances.get(0).url(), path, "not-the-token-0123456789")
                            .status())
                    .as("%s with a wrong token", path)
                    .isEqualTo(403);
            assertThat(HttpApi.get(instances.get(0).url(), path, TOKEN).status())
                    .as("%s with the token", path)
                    .isEqualTo(200);
        }
        assertThat(HttpApi.get(instances.get(0).url(), "/health/live", null).status())
                .isEqualTo(200);
        assertThat(HttpApi.get(instances.get(0).url(), "/health/ready", null).status())
                .isEqualTo(200);
    }

    @Test
    void badRequestsAre400WithAMessage() {
        String url = instances.get(0).url();
        assertThat(HttpApi.get(url, "/objects/input", TOKEN).status()).isEqualTo(400);
        // A broken escape is refused by the JDK's HTTP server itself, before seqgate sees it (not JSON).
        assertThat(HttpApi.raw(url, "/objects/input/bad%zzescape", TOKEN).getKey())
                .isEqualTo(400);
        HttpApi.Answer notUtf8 = HttpApi.get(url, "/objects/input/not-utf8-%C3%28", TOKEN);
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.json().get("error").asText()).contains("UTF-8");
        assertThat(HttpApi.get(url, "/objects?prefix=x", TOKEN)
                        .json()
                        .get("error")
                        .asText())
                .contains("bucket");
        assertThat(HttpApi.get(url, "/objects?bucket=input&limit=0", TOKEN).status())
                .isEqualTo(400);
        assertThat(HttpApi.get(url, "/nothing-here", TOKEN).status()).isEqualTo(404);
    }

    /**
     * Input placed by Kafka's default partitioner (murmur2) and a group configured for it: every key is
     * found, through each instance, in the task murmur2 names. The keys are chosen so that MinIO's FNV-1a
     * names another partition for each, so a lookup that ignored the setting would ask the wrong
     * instance and get no answer for them.
     */
    @Test
    void routingFollowsKafkaDefaultPartitioningWhenConfigured(@TempDir Path stateDir) {
        String app = "queries-kafka-it";
        String prefix = app + "/";
        List<String> keys = IntStream.range(0, 200)
                .mapToObj(n -> prefix + "obj " + n + ".png")
                .filter(k -> KeyPartitioning.KAFKA_DEFAULT.partition("input/" + k, DevStack.INPUT_PARTITIONS)
                        != KeyPartitioning.MINIO_FNV1A.partition("input/" + k, DevStack.INPUT_PARTITIONS))
                .limit(12)
                .toList();
        Map<String, String> settings = Map.of(
                "SEQGATE_INPUT_PARTITIONER",
                "kafka",
                "SEQGATE_INPUT_LOCATIONS",
                stack.inputBucket() + "/" + prefix,
                "SEQGATE_HTTP_TOKEN",
                TOKEN);
        List<RunningProcessor> group = List.of(
                RunningProcessor.launch(stack, app, app + "-1", stateDir.resolve("1"), settings),
                RunningProcessor.launch(stack, app, app + "-2", stateDir.resolve("2"), settings));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            awaitSettled(group, 2);
            for (String key : keys) {
                // No partition given: the producer's default partitioner (murmur2) places the record.
                producer.send(new ProducerRecord<>(
                        stack.inputTopic(), "input/" + key, MinioMessages.put(key, "18A2B3C4D5E6F708")));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        for (String key : keys) {
                            int murmur =
                                    KeyPartitioning.KAFKA_DEFAULT.partition("input/" + key, DevStack.INPUT_PARTITIONS);
                            JsonNode first = null;
                            for (RunningProcessor p : group) {
                                HttpApi.Answer a = HttpApi.get(p.url(), HttpApi.objectPath("input", key), TOKEN);
                                assertThat(a.status())
                                        .as("%s via %s: %s", key, p.url(), a.body())
                                        .isEqualTo(200);
                                assertThat(a.json().get("partition").asInt()).isEqualTo(murmur);
                                assertThat(a.json().get("stale").asBoolean()).isFalse();
                                assertThat(a.json().get("sequencer").asText()).isEqualTo("18A2B3C4D5E6F708");
                                first = first == null ? a.json() : first;
                                assertThat(a.json()).isEqualTo(first);
                            }
                        }
                    });
        } finally {
            group.forEach(RunningProcessor::close);
        }
    }
}
