package io.seqgate.devstack.chaos;

import io.seqgate.config.SinkLimits;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.event.EventKind;
import io.seqgate.event.NotificationParser;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.OutputMetadata;
import io.seqgate.streams.serde.SeqgateSerdes;
import io.seqgate.transform.UnsupportedObjectException;
import io.seqgate.transform.builtin.InvertColours;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The check every fault scenario ends with, the promise of README "What it decides" held against what
 * happened:
 * <ul>
 *   <li>every key's output is the transform of its input's current version — same decoded pixels, and
 *       the output's recorded source eTag is the input's — or absent when the input is (a final delete);</li>
 *   <li>every object event delivered on the input topic has exactly one outcome per delivered copy, and
 *       none is left at {@code ACCEPTED} (the sink is on, so every accepted event must end);</li>
 *   <li>the outcome counts add up to the events delivered;</li>
 *   <li>no output's recorded source sequencer ever went down ({@link SequencerSampler}).</li>
 * </ul>
 * Only committed records count (read_committed): an outcome of a transaction a killed instance left
 * open and the broker aborted is no outcome.
 *
 * @param inputTopic    the topic of the notifications
 * @param outcomesTopic the topic of seqgate's outcomes
 * @param s3            reads the input and the output buckets
 */
public record EndStateCheck(
        String bootstrapServers,
        String inputTopic,
        String outcomesTopic,
        S3Client s3,
        String inputBucket,
        String outputBucket) {

    /** How long reading a topic to its end may take. */
    private static final Duration READ_PATIENCE = Duration.ofSeconds(60);

    private static final NotificationParser PARSER = new NotificationParser();
    /** The chaos run's processors run the default transform. */
    private static final InvertColours TRANSFORM = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);

    private static final Deserializer<Outcome> OUTCOMES =
            SeqgateSerdes.outcome().deserializer();

    /** One key whose output is not what its input says, with why. */
    public record Problem(String key, String what) {}

    /**
     * What the check found.
     *
     * @param keysChecked   keys whose input and output were compared
     * @param wrong         outputs that show something else than the input's current version
     * @param lost          inputs whose output is missing
     * @param notifications messages delivered on the input topic (duplicates included)
     * @param events        object events in them
     * @param outcomes      outcomes per decision
     * @param misaccounted  events whose number of outcomes is not their number of delivered copies
     * @param regressions   decreases of an output's recorded sequencer seen while the run went on
     * @param samples       outputs sampled for those
     */
    public record Report(
            int keysChecked,
            List<Problem> wrong,
            List<Problem> lost,
            long notifications,
            long events,
            Map<Decision, Long> outcomes,
            List<String> misaccounted,
            List<SequencerSampler.Regression> regressions,
            long samples) {

        public long outcomesTotal() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Everything holds. */
        public boolean passed() {
            return wrong.isEmpty()
                    && lost.isEmpty()
                    && misaccounted.isEmpty()
                    && regressions.isEmpty()
                    && outcomesTotal() == events
                    && outcomes.getOrDefault(Decision.ACCEPTED, 0L) == 0;
        }

        /** The failures, one per line, at most {@code limit} of each kind. */
        public String failures(int limit) {
            StringBuilder text = new StringBuilder();
            wrong.stream()
                    .limit(limit)
                    .forEach(p -> text.append("wrong ").append(p).append('\n'));
            lost.stream()
                    .limit(limit)
                    .forEach(p -> text.append("lost ").append(p).append('\n'));
            misaccounted.stream()
                    .limit(limit)
                    .forEach(m -> text.append("misaccounted ").append(m).append('\n'));
            regressions.stream()
                    .limit(limit)
                    .forEach(r -> text.append("regression ").append(r).append('\n'));
            if (outcomesTotal() != events) {
                text.append("outcomes ")
                        .append(outcomesTotal())
                        .append(" for ")
                        .append(events)
                        .append(" events\n");
            }
            return text.toString();
        }
    }

    /**
     * Checks until everything holds or {@code patience} is spent (outcomes and outputs of the last
     * events take a while after the faults stop), and returns the last report.
     */
    public Report awaitSettled(List<String> keys, SequencerSampler sampler, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Report report = check(keys, sampler);
            if (report.passed() || System.nanoTime() > deadline) {
                return report;
            }
            Thread.sleep(1000);
        }
    }

    /** Checks once, now. */
    public Report check(List<String> keys, SequencerSampler sampler) {
        List<Problem> wrong = new ArrayList<>();
        List<Problem> lost = new ArrayList<>();
        for (String key : keys) {
            outputProblem(key).ifPresent(problem -> (problem.what().startsWith("missing") ? lost : wrong).add(problem));
        }

        Map<String, Integer> delivered = new TreeMap<>();
        long[] notifications = {0};
        for (ConsumerRecord<String, byte[]> message : readAll(inputTopic)) {
            notifications[0]++;
            for (ObjectEvent event : PARSER.parse(message.value()).events()) {
                if (event.bucket().equals(inputBucket)) {
                    delivered.merge(id(event.key(), event.sequencer(), event.eventName()), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> decided = new HashMap<>();
        Map<Decision, Long> byDecision = new EnumMap<>(Decision.class);
        for (ConsumerRecord<String, byte[]> record : readAll(outcomesTopic)) {
            Outcome outcome = OUTCOMES.deserialize(outcomesTopic, record.value());
            if (inputBucket.equals(outcome.bucket()) && outcome.key() != null) {
                // A reconcile record carries no sequencer; its outcome names the one the gate lent it.
                String sequencer =
                        EventKind.ofEventName(outcome.event()) == EventKind.RECONCILE ? null : outcome.sequencer();
                decided.merge(id(outcome.key(), sequencer, outcome.event()), 1, Integer::sum);
                byDecision.merge(outcome.decision(), 1L, Long::sum);
            }
        }
        List<String> misaccounted = new ArrayList<>();
        delivered.forEach((event, copies) -> {
            int ended = decided.getOrDefault(event, 0);
            if (ended != copies) {
                misaccounted.add(event + ": delivered " + copies + ", outcomes " + ended);
            }
        });
        decided.keySet().stream()
                .filter(event -> !delivered.containsKey(event))
                .forEach(event -> misaccounted.add(event + ": outcome of an event never delivered"));
        long events = delivered.values().stream().mapToLong(Integer::longValue).sum();
        return new Report(
                keys.size(),
                wrong,
                lost,
                notifications[0],
                events,
                byDecision,
                misaccounted,
                sampler.regressions(),
                sampler.samples());
    }

    private static String id(String key, String sequencer, String eventName) {
        return key + "@" + sequencer + " " + eventName;
    }

    /** Why the output of {@code key} is not the transform of the input's current version, if it is not. */
    Optional<Problem> outputProblem(String key) {
        Optional<ResponseBytes<GetObjectResponse>> input = get(inputBucket, key);
        Optional<ResponseBytes<GetObjectResponse>> output = get(outputBucket, key);
        if (input.isEmpty()) {
            return output.map(o -> new Problem(
                    key,
                    "output exists (source sequencer " + o.response().metadata().get(OutputMetadata.SOURCE_SEQUENCER)
                            + ") but the input is deleted"));
        }
        if (output.isEmpty()) {
            return Optional.of(new Problem(
                    key,
                    "missing: the input exists (eTag " + input.get().response().eTag() + ") but no output"));
        }
        String inputETag = unquoted(input.get().response().eTag());
        String recordedETag = unquoted(output.get().response().metadata().get(OutputMetadata.SOURCE_ETAG));
        if (!inputETag.equals(recordedETag)) {
            return Optional.of(new Problem(
                    key, "output is of input eTag " + recordedETag + ", the input's current is " + inputETag));
        }
        byte[] expected;
        try {
            expected = TRANSFORM
                    .apply(input.get().asByteArray(), input.get().response().contentType())
                    .bytes();
        } catch (UnsupportedObjectException e) {
            return Optional.of(
                    new Problem(key, "output exists but the input cannot be transformed: " + e.getMessage()));
        }
        if (!Pictures.samePixels(expected, output.get().asByteArray())) {
            return Optional.of(
                    new Problem(key, "output's pixels are not the transform of the input's current version"));
        }
        return Optional.empty();
    }

    private Optional<ResponseBytes<GetObjectResponse>> get(String bucket, String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private static String unquoted(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "");
    }

    /** Every committed record of the topic, from the beginning to its end now. */
    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (TopicRecords<String, byte[]> records =
                TopicRecords.of(bootstrapServers, topic, new ByteArrayDeserializer())) {
            return records.readToEnd(READ_PATIENCE);
        }
    }
}
