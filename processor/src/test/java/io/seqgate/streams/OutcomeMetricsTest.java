package io.seqgate.streams;

import static io.seqgate.streams.Notifications.minio;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.runtime.StreamsProperties;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeMetricsTest {

    /** Records what the topology reports. */
    private static final class Recorded implements SeqgateMetrics {
        final List<Decision> outcomes = new ArrayList<>();
        final List<Duration> endToEnd = new ArrayList<>();
        final List<String> deadLetters = new ArrayList<>();

        @Override
        public void outcome(Decision decision) {
            outcomes.add(decision);
        }

        @Override
        public void s3Call(String operation, Duration duration) {}

        @Override
        public void transform(Duration duration) {}

        @Override
        public void endToEnd(Duration duration) {
            endToEnd.add(duration);
        }

        @Override
        public void deadLetter(String kind) {
            deadLetters.add(kind);
        }
    }

    @Test
    void everyOutcomeRecordIsCountedOnceWithItsDecisionAndDoneEventsAreTimedFromEventTime(@TempDir Path stateDir) {
        SeqgateConfig config = config(stateDir);
        Recorded metrics = new Recorded();
        try (TopologyTestDriver driver =
                driver(config, stateDir, event -> SinkResult.done("written", "k", "e"), metrics)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(
                    config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
            for (String sequencer : List.of("18A2B3C4D5E6F708", "18A2B3C4D5E6F708", "18A2B3C4D5E6F707")) {
                input.pipeInput(
                        "input/a.jpg".getBytes(StandardCharsets.UTF_8),
                        minio("input", "a.jpg", "ObjectCreated:Put", sequencer).getBytes(StandardCharsets.UTF_8));
            }
            input.pipeInput(
                    null,
                    "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"input\"}"
                            .getBytes(StandardCharsets.UTF_8));
            List<Outcome> outcomes = driver.createOutputTopic(
                            config.topics().outcomes(),
                            new StringDeserializer(),
                            SeqgateSerdes.outcome().deserializer())
                    .readValuesToList();

            assertThat(metrics.outcomes)
                    .containsExactlyElementsOf(
                            outcomes.stream().map(Outcome::decision).toList())
                    .containsExactlyInAnyOrder(Decision.DONE, Decision.DUPLICATE, Decision.STALE, Decision.IGNORED);
            assertThat(metrics.endToEnd).hasSize(1);
            Instant eventTime = Instant.parse(outcomes.get(0).eventTime());
            assertThat(metrics.endToEnd.get(0)).isLessThanOrEqualTo(Duration.between(eventTime, Instant.now()));
        }
    }

    @Test
    void everyDeadLetteredRecordIsCountedByKindAndAnUnparseableMessageAsInvalid(@TempDir Path stateDir) {
        SeqgateConfig config = config(stateDir);
        Recorded metrics = new Recorded();
        try (TopologyTestDriver driver =
                driver(config, stateDir, event -> SinkResult.failed("S3 refused: AccessDenied"), metrics)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(
                    config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
            input.pipeInput(null, "not json".getBytes(StandardCharsets.UTF_8));
            input.pipeInput(null, "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
            input.pipeInput(
                    "input/a.jpg".getBytes(StandardCharsets.UTF_8),
                    minio("input", "a.jpg", "ObjectCreated:Put", "18A2B3C4D5E6F708")
                            .getBytes(StandardCharsets.UTF_8));
            int written = driver.createOutputTopic(
                            config.topics().deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList()
                    .size();

            assertThat(metrics.deadLetters)
                    .hasSize(written)
                    .containsExactlyInAnyOrder("unparseable", "unparseable", "sink-failed");
            assertThat(metrics.outcomes).containsExactlyInAnyOrder(Decision.INVALID, Decision.INVALID, Decision.FAILED);
        }
    }

    private static SeqgateConfig config(Path stateDir) {
        return SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_STATE_DIR",
                stateDir.toString(),
                "SEQGATE_OUTPUT_BUCKET",
                "out",
                "SEQGATE_INPUT_LOCATIONS",
                "input"));
    }

    /** The production topology on one partition, whose sink answers every event with {@code sink}. */
    private static TopologyTestDriver driver(
            SeqgateConfig config, Path stateDir, Function<ObjectEvent, SinkResult> sink, Recorded metrics) {
        ObjectSink answering = new ObjectSink() {
            @Override
            public SinkResult apply(ObjectEvent event) {
                return sink.apply(event);
            }

            @Override
            public void close() {}
        };
        Properties props = StreamsProperties.of(config, Duration.ZERO);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(
                SeqgateTopology.build(
                        config.topology(), 1, Optional.of(answering), metrics, GateDriver.inlineWorkers()),
                props);
    }
}
