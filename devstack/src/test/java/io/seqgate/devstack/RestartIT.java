package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.event.NotificationParser;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A processor stopped in the middle of a run and replaced — with its state directory, and with an
 * empty one — goes on from the object states it had: restored from local RocksDB, or from the
 * changelog topic.
 */
@ExtendWith(DevStackExtension.class)
class RestartIT {

    private static final String PREFIX = "restart-it/";
    private static final String APP = "restart-it";
    private static final int KEYS = 20;

    private static final NotificationParser PARSER = new NotificationParser();

    private static DevStack stack;
    private static S3Client s3;
    private static VersionedKeys keys;

    @BeforeAll
    static void connect(DevStack devStack) {
        stack = devStack;
        s3 = stack.newS3Client();
        keys = new VersionedKeys(stack, s3, PREFIX, KEYS);
        stack.notifier().setFaults(DeliveryFaults.of(0.3, Duration.ofMillis(200)));
    }

    @AfterAll
    static void disconnect() {
        stack.notifier().setFaults(DeliveryFaults.none());
        s3.close();
    }

    @Test
    void replacedProcessorKeepsGatingWithRestoredStateAndEndsNewest(
            @TempDir Path stateDir, @TempDir Path emptyStateDir) {
        List<ConsumerRecord<String, String>> early;
        try (RunningProcessor first = RunningProcessor.start(stack, APP, APP + "-a", stateDir, Map.of())) {
            keys.uploadAll(1);
            keys.uploadAll(2);
            early = awaitAllDecided(first, 2 * KEYS);
        }

        try (RunningProcessor sameDir = RunningProcessor.start(stack, APP, APP + "-b", stateDir, Map.of())) {
            assertRedeliveryIsNeverAccepted(early, sameDir);
            keys.uploadAll(3);
            // closed right away: some version-3 events are still in flight or unprocessed
        }

        try (RunningProcessor emptyDir = RunningProcessor.start(stack, APP, APP + "-c", emptyStateDir, Map.of())) {
            assertRedeliveryIsNeverAccepted(early, emptyDir);
            keys.uploadAll(4);
            keys.awaitOutputs(4, Duration.ofSeconds(120));
        }
    }

    /**
     * Waits until the processor decided every message delivered so far, at least {@code uploads} of them
     * (a reader's first polls may return nothing, and nothing would match no outcomes); returns those
     * messages.
     */
    private static List<ConsumerRecord<String, String>> awaitAllDecided(RunningProcessor processor, int uploads) {
        try (TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic());
                TopicReader outcomes = new TopicReader(
                        stack.bootstrapServers(), processor.config.topics().outcomes())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(stack.notifier().deliveries().pending()).isZero();
                List<ConsumerRecord<String, String>> delivered = input.records(keys::ours);
                assertThat(delivered).hasSizeGreaterThanOrEqualTo(uploads);
                assertThat(outcomesBy(outcomes, processor)).hasSize(delivered.size());
            });
            return input.records(keys::ours);
        }
    }

    /**
     * Delivers every earlier message again. With the state restored, each is a duplicate or older
     * than what the gate holds; with the state lost, the gate would accept them as first events.
     */
    private static void assertRedeliveryIsNeverAccepted(
            List<ConsumerRecord<String, String>> messages, RunningProcessor processor) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer());
                TopicReader outcomes = new TopicReader(
                        stack.bootstrapServers(), processor.config.topics().outcomes())) {
            for (ConsumerRecord<String, String> m : messages) {
                producer.send(new ProducerRecord<>(m.topic(), m.partition(), m.key(), m.value()));
            }
            producer.flush();
            // Only the copies are judged: the new processor may also be finishing events its
            // predecessor left unprocessed, which it rightly accepts.
            Set<String> copied = messages.stream()
                    .flatMap(m -> PARSER.parse(m.value().getBytes(StandardCharsets.UTF_8)).events().stream())
                    .map(e -> e.key() + "@" + e.sequencer())
                    .collect(Collectors.toSet());
            Supplier<List<Outcome>> copies = () -> outcomesBy(outcomes, processor).stream()
                    .filter(o -> copied.contains(o.key() + "@" + o.sequencer()))
                    .toList();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(copies.get()).hasSizeGreaterThanOrEqualTo(messages.size()));
            assertThat(copies.get())
                    .allSatisfy(o -> assertThat(o.decision())
                            .as("%s %s: %s", o.key(), o.sequencer(), o.reason())
                            .isIn(Decision.DUPLICATE, Decision.STALE));
        }
    }

    private static List<Outcome> outcomesBy(TopicReader outcomes, RunningProcessor processor) {
        return outcomes.outcomes(keys::ours, List.of(processor.config.instanceId()));
    }
}
