package io.seqgate.streams;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * An object event with the decision taken on it so far; becomes an {@link Outcome} at the end of
 * the topology. Lives only between processors of one task, so it needs no serde.
 *
 * @param origin where the event was read, when that is not the record being processed now (the
 *               asynchronous sink records a result after its record); null otherwise
 */
public record Verdict(
        ObjectEvent event,
        Decision decision,
        String reason,
        long decidedAtMs,
        long completedAtMs,
        String outputKey,
        String outputETag,
        RecordMetadata origin) {

    public static Verdict decided(ObjectEvent event, Decision decision, String reason, long nowMs) {
        return new Verdict(event, decision, reason, nowMs, -1, null, null, null);
    }

    public Verdict completed(Decision finalDecision, String why, long nowMs, String outKey, String outETag) {
        return new Verdict(event, finalDecision, why, decidedAtMs, nowMs, outKey, outETag, origin);
    }

    public Verdict withOrigin(RecordMetadata where) {
        return new Verdict(event, decision, reason, decidedAtMs, completedAtMs, outputKey, outputETag, where);
    }

    Outcome toOutcome(String instance) {
        return new Outcome(
                event.bucket(),
                event.key(),
                event.versionId(),
                event.sequencer(),
                event.eventName(),
                decision,
                reason,
                instance,
                event.eventTime() == null ? null : event.eventTime().toString(),
                Instant.ofEpochMilli(decidedAtMs).toString(),
                completedAtMs < 0 ? null : Instant.ofEpochMilli(completedAtMs).toString(),
                outputKey,
                outputETag);
    }
}
