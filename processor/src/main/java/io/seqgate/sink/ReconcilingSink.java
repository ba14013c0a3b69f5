package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Coordination on ("reconcile mode"): makes the side effect monotonic on its own, because S3 writes
 * are outside Kafka's transaction and a zombie instance may still be uploading (docs/design.md §2).
 * The rule it keeps: the output shows the transform of the input's newest version, or does not exist.
 * <ul>
 *   <li>A create reads the input's current version, and only if it is the event's version
 *       ({@code If-Match: <event eTag>}, and the versionId the answer names must be the event's): an
 *       event about a version that is no longer current ends SUPERSEDED, whatever its kind, so the
 *       output never goes back to an older version.</li>
 *   <li>The output is replaced by compare-and-swap ({@link OutputSwap}) on the source sequencer
 *       recorded in its user metadata ({@value OutputMetadata#SOURCE_SEQUENCER}): HEAD, compare, then
 *       PUT or DELETE with {@code If-Match: <output eTag>}, going round again when someone else wrote
 *       in between (a create first tries {@code If-None-Match: *}, which needs no look, unless it
 *       knows the output exists). An output that records a newer sequencer is kept. One that records
 *       none, or something that is not a sequencer, was written by something else and counts as
 *       older than any event.</li>
 *   <li>Where there is no output, the writer checks just before its {@code If-None-Match: *} PUT that
 *       the version it read is still the input's current one: a remove that deleted the output also
 *       deleted its recorded sequencer, and the check keeps a slow writer from bringing the output of a
 *       removed or replaced input back.</li>
 *   <li>Running an event again is harmless: its own output, recorded at its sequencer from the same
 *       source (eTag and versionId), is found in place and the event ends DONE.</li>
 *   <li>At an equal sequencer a remove wins over a create: MinIO stamps an event with the modification
 *       time of the object information it is sent with (cmd/event-notification.go, {@code eventArgs.ToEvent}),
 *       and its lifecycle expiry of every version sends the expired current version itself
 *       (cmd/data-scanner.go), so {@code s3:ObjectRemoved:DeleteAllVersions} carries the sequencer of the
 *       last Put. A client's delete, of a key or of one version, is stamped with the time of the delete
 *       (cmd/erasure-object.go, {@code DeleteObject}) and is simply later.</li>
 *   <li>An input whose newest version cannot be transformed ends UNSUPPORTED, and the output of an
 *       older sequencer is deleted (compare-and-swap, as for a remove).</li>
 * </ul>
 */
final class ReconcilingSink implements SinkMode {

    private final SinkParts parts;
    private final OutputSwap swap;
    private final Settle settle;

    /** @param rememberedOutputs how many output keys its {@link OutputSwap} remembers as existing */
    ReconcilingSink(SinkParts parts, int rememberedOutputs) {
        this.parts = parts;
        this.swap = new OutputSwap(parts, rememberedOutputs);
        this.settle = new Settle(parts);
    }

    @Override
    public SinkResult settle(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        return settle.settle(event, calls);
    }

    /** What a transform-and-write says when it is done; {@code unsupportedPrefix} goes before the transform's refusal. */
    private record WriteReasons(String written, String inPlace, String unsupportedPrefix) {}

    @Override
    public SinkResult create(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return SinkResult.failed(SinkReasons.noSequencer(event));
        }
        if (event.size() != null && event.size() > parts.settings().maxObjectBytes()) {
            return unsupported(event, tooLarge(event.size()), calls, event.eTag(), event.versionId());
        }
        // The current version, not the event's version by id: an event about a version that is no
        // longer current must not write (a newer version's event will), and If-Match makes S3 refuse
        // any other content. With neither eTag nor versionId (no notification shape we parse sends a
        // create without an eTag) the read is unpinned; the compare-and-swap still keeps an older
        // event from winning.
        Input input;
        try {
            input = parts.inputs().readOrNull(event, null, event.eTag(), calls);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return SinkResult.superseded(SinkReasons.INPUT_NEWER);
            }
            throw e;
        }
        if (input == null) {
            return SinkResult.superseded(SinkReasons.INPUT_GONE);
        }
        try (input) {
            // Same content can come back as a new version (same eTag); only the version id tells. A server
            // that names no version in its answer leaves the eTag as the only pin.
            if (event.versionId() != null
                    && input.versionId() != null
                    && !event.versionId().equals(input.versionId())) {
                return SinkResult.superseded(SinkReasons.versionNoLongerCurrent(event.versionId()));
            }
            return transformAndSwap(
                    event,
                    input,
                    calls,
                    new WriteReasons(SinkReasons.wrote(event.sequencer()), SinkReasons.inPlace(event.sequencer()), ""));
        }
    }

    @Override
    public SinkResult remove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return SinkResult.failed(SinkReasons.noSequencer(event));
        }
        Input current = parts.inputs().readOrNull(event, null, null, calls);
        if (current != null) {
            // The key still has content: a newer create whose event is still on its way, or — in a
            // versioned bucket — the remove deleted a non-current version, or the current one and the
            // key fell back to the previous version. Whichever, the output must show what the input
            // shows now. The remove's sequencer orders that write against every other: if the newer
            // create's event was handled already, the compare-and-swap keeps its output; if it comes
            // later, it rewrites this one.
            try (current) {
                return transformAndSwap(
                        event,
                        current,
                        calls,
                        new WriteReasons(
                                SinkReasons.REWRITTEN_AFTER_REMOVE,
                                SinkReasons.IN_PLACE_AFTER_REMOVE,
                                SinkReasons.UNSUPPORTED_AFTER_REMOVE));
            }
        }
        String outputKey = parts.outputs().key(event);
        OutputSwap.Result deleted = swap.delete(event, calls);
        return switch (deleted.ending()) {
            case DELETED ->
                SinkResult.done(SinkReasons.DELETED, outputKey, null).knowing(OutputRecord.ABSENT);
            case ABSENT ->
                SinkResult.done(SinkReasons.ALREADY_ABSENT, outputKey, null).knowing(OutputRecord.ABSENT);
            case NEWER -> SinkResult.superseded(SinkReasons.outputNewer(deleted.recordedSequencer()));
            case CONTENDED -> contended(outputKey, "conditional deletes");
            default -> throw new IllegalStateException("a delete ended " + deleted.ending());
        };
    }

    private SinkResult transformAndSwap(ObjectEvent event, Input input, S3Calls.Budget calls, WriteReasons reasons)
            throws InterruptedException {
        if (input.bytes() == null) {
            return unsupported(
                    event,
                    reasons.unsupportedPrefix() + tooLarge(input.length()),
                    calls,
                    input.eTag(),
                    input.versionId());
        }
        TransformOutput output;
        try {
            output = parts.transform().apply(event, input, calls);
        } catch (UnsupportedObjectException e) {
            return unsupported(
                    event, reasons.unsupportedPrefix() + e.getMessage(), calls, input.eTag(), input.versionId());
        }
        String outputKey = parts.outputs().key(event);
        OutputSwap.Result written = swap.write(event, input, output, calls);
        return switch (written.ending()) {
            case WRITTEN ->
                SinkResult.done(reasons.written(), outputKey, written.outputETag())
                        .knowing(made(input, written.outputETag()));
            case IN_PLACE ->
                SinkResult.done(reasons.inPlace(), outputKey, written.outputETag())
                        .knowing(made(input, written.outputETag()));
            case NEWER -> SinkResult.superseded(SinkReasons.outputNewer(written.recordedSequencer()));
            case INPUT_REMOVED -> SinkResult.superseded(SinkReasons.INPUT_REMOVED_AFTER_READ);
            case INPUT_CHANGED -> SinkResult.superseded(SinkReasons.INPUT_CHANGED_AFTER_READ);
            case CONTENDED -> contended(outputKey, "conditional writes");
            default -> throw new IllegalStateException("a write ended " + written.ending());
        };
    }

    /**
     * The newest version cannot be transformed, so no output can show it; an output of an older
     * sequencer would show a version that is no longer the input's, and is deleted the way a remove
     * deletes (the same compare-and-swap, the same equal-sequencer rule).
     */
    private SinkResult unsupported(
            ObjectEvent event, String reason, S3Calls.Budget calls, String sourceETag, String sourceVersionId)
            throws InterruptedException {
        String outputKey = parts.outputs().key(event);
        OutputRecord none = sourceETag == null
                ? OutputRecord.ABSENT
                : OutputRecord.refused(
                        sourceETag, sourceVersionId, parts.transform().identity());
        OutputSwap.Result deleted = swap.delete(event, calls);
        return switch (deleted.ending()) {
            case DELETED ->
                new SinkResult(
                                Decision.UNSUPPORTED,
                                SinkReasons.deletedOlderOutput(reason, deleted.recordedSequencer()),
                                outputKey,
                                null)
                        .knowing(none);
            case ABSENT -> SinkResult.unsupported(reason).knowing(none);
            case NEWER -> SinkResult.unsupported(SinkReasons.keptNewerOutput(reason, deleted.recordedSequencer()));
            case CONTENDED -> contended(outputKey, "conditional deletes");
            default -> throw new IllegalStateException("a delete ended " + deleted.ending());
        };
    }

    /** What an output made from {@code input} by this transform holds. */
    private OutputRecord made(Input input, String outputETag) {
        return new OutputRecord(
                input.eTag(), input.versionId(), outputETag, parts.transform().identity());
    }

    private String tooLarge(long length) {
        return SinkReasons.tooLarge(length, parts.settings().maxObjectBytes());
    }

    private SinkResult contended(String outputKey, String what) {
        return SinkResult.failed(SinkReasons.contended(
                parts.outputs().url(outputKey), parts.settings().maxWriteRounds(), what));
    }
}
