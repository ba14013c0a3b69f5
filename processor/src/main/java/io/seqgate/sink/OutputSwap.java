package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.Sequencers;
import io.seqgate.transform.TransformOutput;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one compare-and-swap loop of the output: puts new bytes (or nothing) in place of the output
 * object, provided it does not hold a newer event's result. The order is the source sequencer the
 * output records ({@link OutputMetadata}); at an equal sequencer a remove wins over a create (see
 * {@link ReconcilingSink}).
 *
 * <p>Each round looks at the output (HEAD) and then writes conditionally on what it saw. A create
 * whose output this sink has not seen exist skips the first look and writes with
 * {@code If-None-Match: *} straight away: most creates make a new output, and then the write needs
 * no look (after the same check of the input as any write into an absent output). When an output
 * exists after all, S3 refuses that write with 412 and the next round looks as usual, so the guess
 * costs calls, never correctness. A delete, and a remove's rewrite, look first: their output
 * usually exists.
 */
final class OutputSwap {

    private static final Logger log = LoggerFactory.getLogger(OutputSwap.class);

    /** How one compare-and-swap of the output ended. */
    enum Ending {
        /** The output now holds the new bytes. */
        WRITTEN,
        /** The output was deleted. */
        DELETED,
        /** The output already holds this event's write: same sequencer, same source. */
        IN_PLACE,
        /** There is no output, and a delete has nothing to do. */
        ABSENT,
        /** The output reflects a newer event (or, for a create, another write at the same sequencer): kept. */
        NEWER,
        /** There is no output, and the input is gone: writing would bring back the output of a removed input. */
        INPUT_REMOVED,
        /** There is no output, and the input's current version is no longer the one read. */
        INPUT_CHANGED,
        /** Someone else changed the output between every look and write, {@link SinkSettings#maxWriteRounds()} times. */
        CONTENDED
    }

    /**
     * @param recordedSequencer the valid sequencer the output recorded when it was looked at last, or null
     * @param outputETag        the output's eTag after WRITTEN or IN_PLACE
     */
    record Result(Ending ending, String recordedSequencer, String outputETag) {}

    private final SinkParts parts;
    private final RecentKeys existingOutputs;

    /** @param remembered how many output keys to remember as existing, to choose which write to try first */
    OutputSwap(SinkParts parts, int remembered) {
        this.parts = parts;
        this.existingOutputs = new RecentKeys(remembered);
    }

    /**
     * Writes {@code output}, made from {@code source} for {@code event}: WRITTEN, IN_PLACE, NEWER,
     * INPUT_REMOVED, INPUT_CHANGED or CONTENDED.
     */
    Result write(ObjectEvent event, Input source, TransformOutput output, S3Calls.Budget calls)
            throws InterruptedException {
        return swap(event, Objects.requireNonNull(source, "source"), output, calls);
    }

    /** Deletes the output for {@code event}: DELETED, ABSENT, NEWER or CONTENDED. */
    Result delete(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        return swap(event, null, null, calls);
    }

    /** @param output the bytes to write, or null to delete; {@code source} is what they were made from */
    private Result swap(ObjectEvent event, Input source, TransformOutput output, S3Calls.Budget calls)
            throws InterruptedException {
        OutputBucket outputs = parts.outputs();
        String outputKey = outputs.key(event);
        String outputUrl = outputs.url(outputKey);
        String transform = parts.transform().identity();
        boolean removal = event.kind() == EventKind.REMOVED;
        Map<String, String> metadata = output == null ? null : OutputMetadata.of(event, source, transform);
        boolean look = output == null || removal || existingOutputs.contains(outputKey);
        for (int round = 1; round <= parts.settings().maxWriteRounds(); round++) {
            HeadObjectResponse current = null;
            if (look) {
                current = outputs.headOrNull(outputKey, calls);
                remember(outputKey, current != null);
            }
            look = true; // after a refused write, every round looks
            String recordedSequencer = null;
            if (current == null) {
                if (output == null) {
                    return new Result(Ending.ABSENT, null, null);
                }
                InputReader.Moved moved = parts.inputs().movedSince(event, source, calls);
                if (moved != null) {
                    return new Result(
                            moved == InputReader.Moved.REMOVED ? Ending.INPUT_REMOVED : Ending.INPUT_CHANGED,
                            null,
                            null);
                }
            } else {
                OutputMetadata.Recorded was = parts.recorded().recorded(current, outputUrl);
                recordedSequencer = was.sequencer();
                int order = recordedSequencer == null ? -1 : Sequencers.compare(recordedSequencer, event.sequencer());
                boolean sameSource = order == 0 && output != null && was.isFrom(source);
                if (sameSource && transform.equals(was.transform())) {
                    return new Result(Ending.IN_PLACE, recordedSequencer, ETags.unquoted(current.eTag()));
                }
                // At an equal sequencer a remove wins over a create (see ReconcilingSink); the same
                // write by another transform (or another version of it) is out of date and replaced.
                if (order > 0 || (order == 0 && !removal && !sameSource)) {
                    return new Result(Ending.NEWER, recordedSequencer, null);
                }
            }
            try {
                if (output == null) {
                    outputs.deleteIfMatch(outputKey, current.eTag(), calls);
                    remember(outputKey, false);
                    return new Result(Ending.DELETED, recordedSequencer, null);
                }
                PutObjectResponse written = current == null
                        ? outputs.putIfAbsent(outputKey, output, metadata, calls)
                        : outputs.putIfMatch(outputKey, output, metadata, current.eTag(), calls);
                remember(outputKey, true);
                return new Result(Ending.WRITTEN, recordedSequencer, ETags.unquoted(written.eTag()));
            } catch (S3Exception e) {
                if (!lostRace(e)) {
                    throw e;
                }
                log.debug(
                        "{}: output changed before {} (HTTP {}), round {}",
                        event.objectKey(),
                        output == null ? "DELETE" : "PUT",
                        e.statusCode(),
                        round);
            }
        }
        return new Result(Ending.CONTENDED, null, null);
    }

    private void remember(String outputKey, boolean exists) {
        if (exists) {
            existingOutputs.add(outputKey);
        } else {
            existingOutputs.remove(outputKey);
        }
    }

    /**
     * Someone wrote or deleted the output between our HEAD and our conditional request: 412 on an
     * If-Match/If-None-Match mismatch, 409 ConditionalRequestConflict when S3 sees two at once, 404
     * when an If-Match target was deleted meanwhile. Any of them: look again.
     */
    static boolean lostRace(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409 || S3Objects.isMissing(e);
    }
}
