package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqgate.devstack.chaos.ProcessorProcess;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.event.NotificationParser;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A processor in a JVM of its own is killed with SIGKILL while its sink has jobs in flight (their S3
 * calls held in a pausing proxy) and events queued behind them, and is started again on the same
 * state directory: every accepted event ends with exactly one outcome, and every output shows the
 * newest version.
 */
@ExtendWith(DevStackExtension.class)
class SinkCrashIT {

    private static final String APP = "sink-crash-it";
    private static final String PREFIX = APP + "/";
    private static final Path FIRST_LOG = Path.of("target", "sink-crash-it-first.log");
    private static final int KEYS = 12;
    private static final int VERSIONS = 4;
    private static final NotificationParser PARSER = new NotificationParser();
    private static final Set<Decision> TERMINAL =
            Set.of(Decision.DONE, Decision.SUPERSEDED, Decision.UNSUPPORTED, Decision.FAILED);

    private static DevStack stack;
    private static S3Client s3;
    private static VersionedKeys keys;

    @BeforeAll
    static void connect(DevStack devStack, S3Client client) {
        stack = devStack;
        s3 = client;
        keys = new VersionedKeys(stack, s3, PREFIX, KEYS);
    }

    @Test
    void killedWithJobsInFlightAndQueuedEveryAcceptedEventEndsOnceAndOutputsAreNewest(@TempDir Path stateDir)
            throws Exception {
        Map<String, String> ours =
                Map.of("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX, "SEQGATE_SINK_MODE", "async");
        long killedAt;
        try (PausingProxy slowS3 = PausingProxy.to(stack.s3Endpoint());
                TopicReader outcomes =
                        new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            Map<String, String> first = new HashMap<>(ours);
            first.put("SEQGATE_S3_ENDPOINT", slowS3.endpoint().toString());
            first.put("SEQGATE_SINK_CONCURRENCY", "2");
            try (ProcessorProcess victim =
                    ForkedProcessors.start(stack, APP, APP + "-first", stateDir, first, FIRST_LOG)) {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> ForkedProcessors.ready(victim, FIRST_LOG));
                keys.uploadAll(1);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> outcomesBy(outcomes, APP + "-first").stream()
                                .anyMatch(o -> o.decision() == Decision.DONE));

                slowS3.pause();
                for (int v = 2; v <= VERSIONS; v++) {
                    keys.uploadAll(v);
                }
                // Jobs held in S3 calls or waiting for a worker, events queued behind them, and a
                // coalesced one: its outcome is committed, so is the pending work beside it.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> {
                            String scrape =
                                    HttpApi.get(victim.url(), "/metrics", null).body();
                            assertThat(HttpApi.sample(scrape, "seqgate_sink_jobs{state=\"in_flight\"}"))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(HttpApi.sample(scrape, "seqgate_sink_jobs{state=\"queued\"}"))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(outcomesBy(outcomes, APP + "-first"))
                                    .anySatisfy(o -> assertThat(o.reason()).startsWith("coalesced into"));
                        });
                killedAt = System.currentTimeMillis();
                victim.kill();
            }
            slowS3.resume();
        }

        // The same state directory: the same Kafka Streams process id, so the same transactional ids,
        // which abort the killed instance's open transaction at once instead of at its timeout.
        try (ProcessorProcess successor = ForkedProcessors.start(
                        stack, APP, APP + "-second", stateDir, ours, Path.of("target", "sink-crash-it-second.log"));
                TopicReader input = new TopicReader(stack.bootstrapServers(), stack.inputTopic());
                TopicReader outcomes =
                        new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            keys.awaitOutputs(VERSIONS, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(delivered(input)).as("events delivered").hasSize(KEYS * VERSIONS);
                assertThat(outcomesBy(outcomes, APP + "-first", APP + "-second"))
                        .hasSize(KEYS * VERSIONS);
            });

            List<String> delivered = delivered(input);
            List<Outcome> all = outcomesBy(outcomes, APP + "-first", APP + "-second");
            Map<String, Long> perEvent = all.stream()
                    .collect(Collectors.groupingBy(o -> o.key() + "@" + o.sequencer(), Collectors.counting()));
            assertThat(perEvent.keySet()).as("events with an outcome").containsExactlyInAnyOrderElementsOf(delivered);
            assertThat(perEvent)
                    .as("outcomes per event")
                    .allSatisfy((event, count) -> assertThat(count).as(event).isEqualTo(1));
            assertThat(all).extracting(Outcome::decision).doesNotContain(Decision.ACCEPTED, Decision.FAILED);
            assertThat(all)
                    .as("events the first instance accepted and the second ended")
                    .anySatisfy(o -> {
                        assertThat(o.instance()).isEqualTo(APP + "-second");
                        assertThat(Instant.parse(o.decidedAt()).toEpochMilli()).isLessThan(killedAt);
                        assertThat(o.reason()).startsWith("interrupted, coalesced into");
                    });
            for (int n = 0; n < KEYS; n++) {
                String object = keys.key(n);
                JsonNode state = HttpApi.get(successor.url(), HttpApi.objectPath(stack.inputBucket(), object), null)
                        .json();
                long terminal = all.stream()
                        .filter(o -> o.key().equals(object) && TERMINAL.contains(o.decision()))
                        .count();
                assertThat(terminal)
                        .as("terminal outcomes of %s against its accepted events: %s", object, state)
                        .isEqualTo(state.at("/counters/accepted").asLong());
                assertThat(state.has("pending"))
                        .as("%s has pending work: %s", object, state)
                        .isFalse();
            }
        }
    }

    private static List<String> delivered(TopicReader input) {
        return input.records(keys::ours).stream().flatMap(SinkCrashIT::events).toList();
    }

    /** The object events of one delivered message, as {@code key@sequencer}. */
    private static Stream<String> events(ConsumerRecord<String, String> message) {
        return PARSER.parse(message.value().getBytes(StandardCharsets.UTF_8)).events().stream()
                .map(e -> e.key() + "@" + e.sequencer());
    }

    private static List<Outcome> outcomesBy(TopicReader outcomes, String... instances) {
        return outcomes.outcomes(keys::ours, List.of(instances));
    }
}
