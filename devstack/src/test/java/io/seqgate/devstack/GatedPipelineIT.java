package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole pipeline on real parts: uploads through the S3 API, MinIO-shaped notifications
 * delivered with duplicates and reordering, a seqgate processor on a real broker, outputs in S3.
 */
@ExtendWith(DevStackExtension.class)
class GatedPipelineIT {

    private static final String PREFIX = "pipeline-it/";
    private static final int KEYS = 50;
    private static final int VERSIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevStack stack;
    private static S3Client s3;
    private static VersionedKeys keys;
    private static RunningProcessor processor;

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) throws Exception {
        stack = devStack;
        s3 = stack.newS3Client();
        keys = new VersionedKeys(stack, s3, PREFIX, KEYS);
        stack.notifier().setFaults(DeliveryFaults.of(0.5, Duration.ofMillis(400)));
        processor = RunningProcessor.start(stack, "pipeline-it", stateDir);
        uploadEveryVersionOfEveryKey();
    }

    @AfterAll
    static void stop() {
        stack.notifier().setFaults(DeliveryFaults.none());
        if (processor != null) {
            processor.close();
        }
        s3.close();
    }

    private static void uploadEveryVersionOfEveryKey() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        List<Future<?>> uploads = new ArrayList<>();
        for (int n = 0; n < KEYS; n++) {
            int k = n;
            uploads.add(uploaders.submit(() -> {
                for (int v = 1; v <= VERSIONS; v++) {
                    keys.upload(k, v);
                }
            }));
        }
        for (Future<?> upload : uploads) {
            upload.get(60, TimeUnit.SECONDS);
        }
        uploaders.shutdown();
    }

    @Test
    void everyOutputIsTheInvertedNewestVersionDespiteDuplicatesAndReordering() {
        keys.awaitOutputs(VERSIONS, Duration.ofSeconds(120));
    }

    @Test
    void everyDeliveredMessageGetsOneOutcomeAndNoneFails() {
        try (TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic());
                TopicReader outcomes = new TopicReader(
                        stack.bootstrapServers(), processor.config.topics().outcomes())) {
            int delivered = allDelivered(input).size();
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(ours(outcomes)).hasSize(delivered));
            List<Outcome> all = ours(outcomes);
            assertThat(all).extracting(Outcome::decision).doesNotContain(Decision.FAILED, Decision.UNSUPPORTED);
            assertThat(all)
                    .filteredOn(o -> o.decision() == Decision.DUPLICATE || o.decision() == Decision.STALE)
                    .isNotEmpty();
        }
    }

    @Test
    void replayOfTheDeliveredMessagesDecidesAsTheLiveRun(@TempDir Path dir) throws Exception {
        try (TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic());
                TopicReader outcomes = new TopicReader(
                        stack.bootstrapServers(), processor.config.topics().outcomes())) {
            List<ConsumerRecord<String, String>> delivered = allDelivered(input);
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(ours(outcomes)).hasSize(delivered.size()));
            Path capture = dir.resolve("capture.jsonl");
            Files.write(capture, delivered.stream().map(ConsumerRecord::value).toList());

            // Per object, each event's decision. Not in outcome order: the asynchronous sink records an
            // accepted event's outcome when its job ends, after the gate's later drops of that object.
            Map<String, List<String>> live = new TreeMap<>();
            for (Outcome o : ours(outcomes)) {
                live.computeIfAbsent(o.key(), k -> new ArrayList<>())
                        .add(o.sequencer() + " " + gateDecision(o.decision()).name());
            }
            Map<String, List<String>> replayed = new TreeMap<>();
            for (String line : seqgateReplay(capture)) {
                JsonNode n = JSON.readTree(line);
                replayed.computeIfAbsent(n.get("key").asText(), k -> new ArrayList<>())
                        .add(n.get("sequencer").asText() + " "
                                + n.get("decision").asText());
            }
            live.values().forEach(Collections::sort);
            replayed.values().forEach(Collections::sort);
            assertThat(replayed).hasSize(KEYS).isEqualTo(live);
        }
    }

    /**
     * Every message the notifier delivered for this test's keys: once it holds nothing back, the input
     * topic is read to its end. Compared with the outcomes seen so far instead, a reader that lagged
     * behind the other could make a partial count look complete.
     */
    private static List<ConsumerRecord<String, String>> allDelivered(TopicReader input) {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> stack.notifier().deliveries().pending() == 0);
        input.readToEnd();
        return input.records(keys::ours);
    }

    /** What the gate decided, whatever the sink made of it afterwards. */
    private static Decision gateDecision(Decision d) {
        return switch (d) {
            case DONE, SUPERSEDED, UNSUPPORTED, FAILED -> Decision.ACCEPTED;
            default -> d;
        };
    }

    private static List<Outcome> ours(TopicReader outcomes) {
        return outcomes.outcomes(keys::ours, List.of(processor.config.instanceId()));
    }

    /** Runs {@code ./seqgate replay FILE} as a user would. */
    private static List<String> seqgateReplay(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        Path.of("..", "seqgate").toAbsolutePath().normalize().toString(), "replay", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("seqgate replay finished")
                .isTrue();
        assertThat(p.exitValue()).as("seqgate replay exit code").isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
