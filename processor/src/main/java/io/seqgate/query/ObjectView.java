package io.seqgate.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.PendingWork;
import java.time.Instant;

/**
 * What seqgate knows about one object, as {@code GET /objects/{bucket}/{key}} answers it: the
 * {@code object-state} entry, where it was read, and whether it came from a standby replica.
 *
 * @param bucket       bucket name
 * @param key          object key (decoded)
 * @param sequencer    the highest sequencer accepted for the object
 * @param lastEvent    the event that carried it
 * @param lastDecision what became of that event (ACCEPTED while the sink works on it)
 * @param pending      the object's accepted events whose sink jobs have not ended, when there are any
 *                     (asynchronous sink; single-object answers only)
 * @param counters     events accepted, and dropped as duplicates or stale
 * @param output       what the object's output holds as the sink last wrote or found it, or null when
 *                     that is not known (or there is no output)
 * @param updatedAt    when the gate last saw an event for the object (retention counts from here)
 * @param partition    the partition (and task) that owns the object
 * @param servedBy     the instance ({@code application.server}) whose store answered
 * @param stale        true when a standby replica answered because the owner could not: it may lag
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectView(
        String bucket,
        String key,
        String sequencer,
        LastEvent lastEvent,
        LastDecision lastDecision,
        Pending pending,
        Counters counters,
        Output output,
        String updatedAt,
        int partition,
        String servedBy,
        boolean stale) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastEvent(String name, String eTag, String versionId, String time) {}

    public record LastDecision(Decision decision, String reason) {}

    public record Counters(long accepted, long duplicates, long stale) {}

    /**
     * @param sourceETag      the eTag of the input version it was made from
     * @param sourceVersionId that version's id, or null
     * @param eTag            the output's own eTag
     * @param transform       the transform that made it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String sourceETag, String sourceVersionId, String eTag, String transform) {

        static Output of(OutputRecord record) {
            return record == null
                    ? null
                    : new Output(
                            record.sourceETag(), record.sourceVersionId(), record.outputETag(), record.transform());
        }

        /** The record this view shows. */
        public OutputRecord record() {
            return new OutputRecord(sourceETag, sourceVersionId, eTag, transform);
        }
    }

    /**
     * @param inFlight the event handed to the sink workers (waiting for one, running, or ended with
     *                 its outcome about to be recorded)
     * @param queued   the newer event waiting for it to end, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pending(Job inFlight, Job queued) {

        static Pending of(PendingWork work) {
            return new Pending(Job.of(work.inFlight()), work.queued() == null ? null : Job.of(work.queued()));
        }
    }

    /** @param acceptedAt when the gate accepted the event */
    public record Job(String sequencer, String event, String acceptedAt) {

        static Job of(PendingJob job) {
            return new Job(
                    job.event().sequencer(),
                    job.event().eventName(),
                    Instant.ofEpochMilli(job.acceptedAtMs()).toString());
        }
    }

    /** The same view with the object's pending sink work. */
    ObjectView withPending(PendingWork work) {
        return new ObjectView(
                bucket,
                key,
                sequencer,
                lastEvent,
                lastDecision,
                Pending.of(work),
                counters,
                output,
                updatedAt,
                partition,
                servedBy,
                stale);
    }

    /** @param storeKey the store key, {@code bucket/key} */
    static ObjectView of(String storeKey, ObjectState s, int partition, String servedBy, boolean stale) {
        int slash = storeKey.indexOf('/');
        return new ObjectView(
                storeKey.substring(0, slash),
                storeKey.substring(slash + 1),
                s.sequencer(),
                // A reconcile record's entry has no event.
                s.hasEvent()
                        ? new LastEvent(
                                s.eventName(),
                                s.eTag(),
                                s.versionId(),
                                s.eventTimeMs() < 0
                                        ? null
                                        : Instant.ofEpochMilli(s.eventTimeMs()).toString())
                        : null,
                new LastDecision(s.outcome(), s.reason()),
                null,
                new Counters(s.accepted(), s.duplicates(), s.stale()),
                Output.of(s.output()),
                Instant.ofEpochMilli(s.updatedAtMs()).toString(),
                partition,
                servedBy,
                stale);
    }
}
