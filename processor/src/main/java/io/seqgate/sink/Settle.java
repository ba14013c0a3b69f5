package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.event.Sequencers;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Settles an object's output to whatever its input holds now, for a reconcile record (docs/reconcile.md).
 * It keeps the rule every event keeps — the output shows the transform of the input's current version,
 * or does not exist — reached without an event to say what changed:
 * <ul>
 *   <li>The record names the version its listing saw (eTag, version id), which is taken for the input's
 *       current one; a HEAD of the input learns the current version only when the record names none
 *       (the listing found no input) or the input moved on since (the pinned read answers 412 or 404).</li>
 *   <li>An output that already shows that version, made by the current transform, is left alone:
 *       IN_SYNC, nothing written.</li>
 *   <li>Otherwise the input is read pinned to that version ({@code If-Match} on its eTag, and the answer's
 *       version id must be the record's), transformed, and written by compare-and-swap: {@code If-Match}
 *       on the output as it was seen, or, where there is none, {@code If-None-Match: *} right after
 *       checking that the version read is still the input's current one. Whatever sequencer the output
 *       records: a settle writes only the input's current version, so it never takes an output back to
 *       an older one, and a newer write between its look and its write makes S3 refuse it.</li>
 *   <li>The output records the sequencer the gate lent the record (the newest it holds for the object,
 *       or none), so that a live event accepted after the record still replaces it and an older one is
 *       still refused by {@link OutputSwap}'s rule — or the one the output records already, when that is
 *       higher: the sequencer an output records never goes down.</li>
 *   <li>An input that is gone: its output is deleted ({@code If-Match} on the output as seen), or is
 *       absent already (IN_SYNC). An input whose current version cannot be transformed: its output is
 *       deleted the same way, UNSUPPORTED, as after an unsupported create.</li>
 * </ul>
 * A lost race — a conditional request refused, the input moving on under the read — starts a new round
 * from a fresh look, at most {@link SinkSettings#maxWriteRounds()}.
 */
final class Settle {

    /** The input version a round works on: as the record names it, or as a HEAD found it. */
    private record Version(String eTag, String versionId, Long size) {}

    private final SinkSettings settings;
    private final InputReader inputs;
    private final OutputBucket outputs;
    private final OutputMetadata recorded;
    private final MeteredTransform transform;

    Settle(SinkParts parts) {
        this.settings = parts.settings();
        this.inputs = parts.inputs();
        this.outputs = parts.outputs();
        this.recorded = parts.recorded();
        this.transform = parts.transform();
    }

    /**
     * The most S3 calls one settle makes, retries aside: per round a HEAD of the input, a HEAD of the
     * output, the read (its GETs, {@link S3ObjectSink#GETS_PER_READ}), the check of the input before
     * writing into an absent output, and the write.
     */
    static int worstCaseCalls(SinkSettings settings) {
        return (4 + S3ObjectSink.GETS_PER_READ) * settings.maxWriteRounds();
    }

    SinkResult settle(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        String outputKey = outputs.key(event);
        String identity = transform.identity();
        Version current = event.eTag() == null ? null : new Version(event.eTag(), event.versionId(), event.size());
        // The listing found no output: write straight away, as most creates do (If-None-Match: *).
        boolean look = !Cause.OUTPUT_MISSING.eventName().equals(event.eventName());
        Input read = null;
        TransformOutput made = null;
        try {
            for (int round = 1; round <= settings.maxWriteRounds(); round++) {
                if (current == null) {
                    HeadObjectResponse head = inputs.headOrNull(event, calls);
                    if (head == null) {
                        SinkResult gone = settleGone(outputKey, calls);
                        if (gone != null) {
                            return gone;
                        }
                        continue;
                    }
                    current = new Version(ETags.unquoted(head.eTag()), head.versionId(), head.contentLength());
                    look = true;
                }
                HeadObjectResponse output = look ? outputs.headOrNull(outputKey, calls) : null;
                look = true;
                OutputMetadata.Recorded was = output == null ? null : recorded.recorded(output, outputs.url(outputKey));
                if (was != null && was.shows(current.eTag(), current.versionId(), identity)) {
                    String outputETag = ETags.unquoted(output.eTag());
                    return SinkResult.inSync(SinkReasons.inSync(current.eTag()), outputKey, outputETag)
                            .knowing(new OutputRecord(was.eTag(), was.versionId(), outputETag, identity));
                }
                if (current.size() != null && current.size() > settings.maxObjectBytes()) {
                    return unsupported(
                            SinkReasons.tooLarge(current.size(), settings.maxObjectBytes()),
                            output,
                            outputKey,
                            calls,
                            refused(current.eTag(), current.versionId(), identity));
                }
                if (read == null || !isOf(read, current)) {
                    if (read != null) {
                        // Made from a version that is no longer current: its memory goes back before more is claimed.
                        read.close();
                        read = null;
                        made = null;
                    }
                    Input input;
                    try {
                        input = inputs.readOrNull(event, null, current.eTag(), calls);
                    } catch (S3Exception e) {
                        if (e.statusCode() != 412) {
                            throw e;
                        }
                        input = null;
                    }
                    if (input != null && !isOf(input, current)) {
                        input.close();
                        input = null;
                    }
                    if (input == null) {
                        current = null; // moved on since the listing or the last look: look again
                        continue;
                    }
                    read = input;
                    if (input.bytes() == null) {
                        return unsupported(
                                SinkReasons.tooLarge(input.length(), settings.maxObjectBytes()),
                                output,
                                outputKey,
                                calls,
                                refused(input.eTag(), input.versionId(), identity));
                    }
                    try {
                        made = transform.apply(event, input, calls);
                    } catch (UnsupportedObjectException e) {
                        return unsupported(
                                e.getMessage(),
                                output,
                                outputKey,
                                calls,
                                refused(input.eTag(), input.versionId(), identity));
                    }
                }
                try {
                    PutObjectResponse written;
                    if (output == null) {
                        if (inputs.movedSince(event, read, calls) != null) {
                            current = null;
                            continue;
                        }
                        written = outputs.putIfAbsent(outputKey, made, OutputMetadata.of(event, read, identity), calls);
                    } else {
                        // The sequencer an output records never goes down: a higher one than the gate lent (a
                        // late writer, or state the gate no longer holds) stays, over the current version.
                        ObjectEvent under = event.withSequencer(higher(event.sequencer(), was.sequencer()));
                        written = outputs.putIfMatch(
                                outputKey, made, OutputMetadata.of(under, read, identity), output.eTag(), calls);
                    }
                    String outputETag = ETags.unquoted(written.eTag());
                    return SinkResult.done(SinkReasons.settled(read.eTag()), outputKey, outputETag)
                            .knowing(new OutputRecord(read.eTag(), read.versionId(), outputETag, identity));
                } catch (S3Exception e) {
                    if (!OutputSwap.lostRace(e)) {
                        throw e;
                    }
                }
            }
            return contended(outputKey, "conditional writes");
        } finally {
            if (read != null) {
                read.close(); // the input and the output made of it are no longer held
            }
        }
    }

    /** The input is gone: deletes its output. Null when the output changed under the delete (look again). */
    private SinkResult settleGone(String outputKey, S3Calls.Budget calls) throws InterruptedException {
        HeadObjectResponse output = outputs.headOrNull(outputKey, calls);
        if (output == null) {
            return SinkResult.inSync(SinkReasons.IN_SYNC_BOTH_ABSENT, outputKey, null)
                    .knowing(OutputRecord.ABSENT);
        }
        return deleted(output, outputKey, calls)
                ? SinkResult.done(SinkReasons.SETTLED_DELETED, outputKey, null).knowing(OutputRecord.ABSENT)
                : null;
    }

    /**
     * The input's current version cannot be transformed, so no output may show an older one: deletes the
     * output seen, when there is one.
     *
     * @param none what the state records: no output, rightly, for the version refused
     */
    private SinkResult unsupported(
            String reason, HeadObjectResponse output, String outputKey, S3Calls.Budget calls, OutputRecord none)
            throws InterruptedException {
        if (output == null) {
            output = outputs.headOrNull(outputKey, calls);
        }
        if (output == null) {
            return SinkResult.unsupported(SinkReasons.settledUnsupported(reason, false))
                    .knowing(none);
        }
        if (!deleted(output, outputKey, calls)) {
            return contended(outputKey, "conditional deletes");
        }
        return new SinkResult(
                Decision.UNSUPPORTED, SinkReasons.settledUnsupported(reason, true), outputKey, null, none);
    }

    private static OutputRecord refused(String eTag, String versionId, String identity) {
        return OutputRecord.refused(eTag, versionId, identity);
    }

    /** Deletes the output as it was seen; false when it changed before the delete. */
    private boolean deleted(HeadObjectResponse output, String outputKey, S3Calls.Budget calls)
            throws InterruptedException {
        try {
            outputs.deleteIfMatch(outputKey, output.eTag(), calls);
            return true;
        } catch (S3Exception e) {
            if (!OutputSwap.lostRace(e)) {
                throw e;
            }
            return false;
        }
    }

    /** The higher of two sequencers, either of which may be null. */
    private static String higher(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Sequencers.compare(a, b) >= 0 ? a : b;
    }

    /** Whether {@code input} was read from {@code version}: its eTag, and its version id when both name one. */
    private static boolean isOf(Input input, Version version) {
        return version.eTag().equals(input.eTag())
                && (version.versionId() == null
                        || input.versionId() == null
                        || version.versionId().equals(input.versionId()));
    }

    private SinkResult contended(String outputKey, String what) {
        return SinkResult.failed(SinkReasons.contended(outputs.url(outputKey), settings.maxWriteRounds(), what));
    }
}
