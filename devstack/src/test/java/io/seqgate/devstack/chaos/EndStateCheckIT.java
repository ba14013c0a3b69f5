package io.seqgate.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SinkLimits;
import io.seqgate.devstack.DevStackExtension;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.OutputMetadata;
import io.seqgate.streams.serde.SeqgateSerdes;
import io.seqgate.transform.builtin.InvertColours;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The checker the fault scenarios rely on finds what it is there to find; no processor runs here. */
@ExtendWith(DevStackExtension.class)
class EndStateCheckIT {

    private static final String PREFIX = "end-state-check-it/";
    private static final InvertColours INVERT = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);

    private static DevStack stack;
    private static S3Client s3;
    private static EndStateCheck check;

    @BeforeAll
    static void connect(DevStack devStack) {
        stack = devStack;
        s3 = stack.newS3Client();
        check = new EndStateCheck(
                stack.bootstrapServers(),
                stack.inputTopic(),
                stack.config().outcomesTopic(),
                s3,
                stack.inputBucket(),
                stack.outputBucket());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    @Test
    void outputOfTheInputsCurrentVersionPasses() throws Exception {
        String key = PREFIX + "current.png";
        PutObjectResponse input = putInput(key, Pictures.version(1, 1));
        putOutput(key, Pictures.version(1, 1), input.eTag(), "0001");

        assertThat(check.outputProblem(key)).isEmpty();
    }

    @Test
    void outputOfAnOlderVersionIsWrong() throws Exception {
        String key = PREFIX + "older.png";
        PutObjectResponse older = putInput(key, Pictures.version(2, 1));
        putOutput(key, Pictures.version(2, 1), older.eTag(), "0001");
        putInput(key, Pictures.version(2, 2));

        assertThat(check.outputProblem(key))
                .hasValueSatisfying(p -> assertThat(p.what()).startsWith("output is of input eTag"));
    }

    @Test
    void outputWithTheRightETagButOtherPixelsIsWrong() throws Exception {
        String key = PREFIX + "pixels.png";
        PutObjectResponse input = putInput(key, Pictures.version(3, 1));
        putOutput(key, Pictures.version(3, 2), input.eTag(), "0001");

        assertThat(check.outputProblem(key))
                .hasValueSatisfying(p -> assertThat(p.what()).contains("pixels"));
    }

    @Test
    void missingOutputOfAnExistingInputIsLost() {
        String key = PREFIX + "lost.png";
        putInput(key, Pictures.version(4, 1));

        assertThat(check.outputProblem(key))
                .hasValueSatisfying(p -> assertThat(p.what()).startsWith("missing"));
    }

    @Test
    void outputOfADeletedInputIsWrong() throws Exception {
        String key = PREFIX + "deleted.png";
        PutObjectResponse input = putInput(key, Pictures.version(5, 1));
        putOutput(key, Pictures.version(5, 1), input.eTag(), "0001");
        s3.deleteObject(b -> b.bucket(stack.inputBucket()).key(key));

        assertThat(check.outputProblem(key))
                .hasValueSatisfying(p -> assertThat(p.what()).contains("input is deleted"));
    }

    @Test
    void samplerReportsAnOutputWhoseRecordedSequencerWentDown() throws Exception {
        String key = PREFIX + "regression.png";
        try (SequencerSampler sampler = SequencerSampler.start(s3, stack.outputBucket(), List.of())) {
            putOutput(key, Pictures.version(6, 1), "e1", "00A2");
            sampler.sample(key);
            putOutput(key, Pictures.version(6, 1), "e1", "00A3");
            sampler.sample(key);
            // Shorter sequencers are right-padded with zeros before comparing: 00A25 is older than 00A3(0).
            putOutput(key, Pictures.version(6, 1), "e1", "00A25");
            sampler.sample(key);

            assertThat(sampler.regressions()).containsExactly(new SequencerSampler.Regression(key, "00A3", "00A25"));
        }
    }

    @Test
    void eventWithFewerOutcomesThanDeliveredCopiesOrLeftAcceptedFailsTheAccounting() {
        String input = "end-state-check-it-input";
        String outcomes = "end-state-check-it-outcomes";
        stack.kafka().createTopic(input, 1);
        stack.kafka().createTopic(outcomes, 1);
        String put = """
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"%s"},\
                "object":{"key":"%s","eTag":"e","sequencer":"%s"}}}]}""";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            String twice = put.formatted(stack.inputBucket(), PREFIX + "twice.png", "0001");
            producer.send(new ProducerRecord<>(input, "k", twice));
            producer.send(new ProducerRecord<>(input, "k", twice));
            producer.send(new ProducerRecord<>(
                    input, "k", put.formatted(stack.inputBucket(), PREFIX + "accepted.png", "0002")));
            producer.send(new ProducerRecord<>(outcomes, "k", outcome(PREFIX + "twice.png", "0001", Decision.DONE)));
            producer.send(
                    new ProducerRecord<>(outcomes, "k", outcome(PREFIX + "accepted.png", "0002", Decision.ACCEPTED)));
        }
        EndStateCheck accounting = new EndStateCheck(
                stack.bootstrapServers(), input, outcomes, s3, stack.inputBucket(), stack.outputBucket());
        try (SequencerSampler sampler = SequencerSampler.start(s3, stack.outputBucket(), List.of())) {
            EndStateCheck.Report report = accounting.check(List.of(), sampler);

            assertThat(report.notifications()).isEqualTo(3);
            assertThat(report.events()).isEqualTo(3);
            assertThat(report.outcomesTotal()).isEqualTo(2);
            assertThat(report.misaccounted())
                    .containsExactly(PREFIX + "twice.png@0001 ObjectCreated:Put: delivered 2, outcomes 1");
            assertThat(report.outcomes()).containsEntry(Decision.ACCEPTED, 1L);
            assertThat(report.passed()).isFalse();
        }
    }

    private static String outcome(String key, String sequencer, Decision decision) {
        Outcome outcome = new Outcome(
                stack.inputBucket(),
                key,
                null,
                sequencer,
                "ObjectCreated:Put",
                decision,
                "test",
                "end-state-check-it",
                null,
                null,
                null,
                null,
                null);
        return new String(SeqgateSerdes.outcome().serializer().serialize("t", outcome), StandardCharsets.UTF_8);
    }

    private static PutObjectResponse putInput(String key, byte[] image) {
        return s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"), RequestBody.fromBytes(image));
    }

    private static void putOutput(String key, byte[] source, String sourceETag, String sequencer) throws Exception {
        byte[] inverted = INVERT.apply(source, "image/png").bytes();
        s3.putObject(
                b -> b.bucket(stack.outputBucket())
                        .key(key)
                        .contentType("image/png")
                        .metadata(Map.of(
                                OutputMetadata.SOURCE_SEQUENCER,
                                sequencer,
                                OutputMetadata.SOURCE_ETAG,
                                sourceETag.replace("\"", ""))),
                RequestBody.fromBytes(inverted));
    }
}
