package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;

/**
 * Every reason the S3 sink gives with a result, in one place.
 *
 * <p>The public ones are also part of the stored state: its encoding stores a reason that is exactly
 * one of them (with the state's own sequencer after those that end with one) as a small code, and
 * reads the code back as the text given here ({@code streams.serde.ObjectStateSerde}). Reword one and
 * every state already stored under its code reads back in the new words: give the new text a new code
 * instead, and keep the old text for the old code (the pinned bytes of {@code ObjectStateSerdeTest}
 * fail until then).
 */
public final class SinkReasons {

    /** Followed by the event's sequencer. */
    public static final String WROTE_FROM_SEQUENCER = "wrote output from sequencer ";
    /** Followed by the event's sequencer. */
    public static final String IN_PLACE_AT_SEQUENCER =
            "output already in place: written from this version at sequencer ";

    public static final String DELETED = "deleted output";
    public static final String ALREADY_ABSENT = "output already absent";
    public static final String REWRITTEN_AFTER_REMOVE =
            "input still exists after this remove: output rewritten from its current version";
    public static final String IN_PLACE_AFTER_REMOVE =
            "input still exists after this remove: output already shows its current version";
    public static final String INPUT_NEWER = "input changed since this event: a newer version exists";
    public static final String INPUT_GONE = "input no longer exists";
    public static final String INPUT_REMOVED_AFTER_READ = "input was removed after this event was read";
    public static final String INPUT_CHANGED_AFTER_READ =
            "input changed after this event was read: a newer version is current";

    static final String IN_SYNC_BOTH_ABSENT = "in sync: the input and its output are both absent";
    static final String SETTLED_DELETED = "settled: deleted the output, whose input no longer exists";

    static final String UNSUPPORTED_AFTER_REMOVE =
            "input still exists after this remove, but its current version cannot be transformed: ";
    static final String WROTE_UNCONDITIONALLY = "wrote output (unconditionally)";
    static final String DELETED_UNCONDITIONALLY = "deleted output (unconditionally)";

    private SinkReasons() {}

    static String wrote(String sequencer) {
        return WROTE_FROM_SEQUENCER + sequencer;
    }

    static String inPlace(String sequencer) {
        return IN_PLACE_AT_SEQUENCER + sequencer;
    }

    static String inSync(String eTag) {
        return "in sync: the output already shows the input's current version (eTag " + eTag + ")";
    }

    static String settled(String eTag) {
        return "settled: wrote the output from the input's current version (eTag " + eTag + ")";
    }

    /** The input's current version cannot be transformed: whether an output was deleted. */
    static String settledUnsupported(String unsupported, boolean deleted) {
        return unsupported + (deleted ? "; deleted its output" : "; it has no output");
    }

    static String versionNoLongerCurrent(String versionId) {
        return "version " + versionId + " is no longer the input's current version: a newer version exists";
    }

    static String outputNewer(String recordedSequencer) {
        return "output already reflects sequencer " + recordedSequencer;
    }

    /** An unsupported newest version whose older output was deleted: the output of which sequencer. */
    static String deletedOlderOutput(String unsupported, String recordedSequencer) {
        return unsupported + "; deleted the output of "
                + (recordedSequencer == null
                        ? "unknown origin (no seqgate sequencer)"
                        : "older sequencer " + recordedSequencer);
    }

    static String keptNewerOutput(String unsupported, String recordedSequencer) {
        return unsupported + "; output kept: it reflects sequencer " + recordedSequencer;
    }

    /** @param what {@code conditional writes} or {@code conditional deletes} */
    static String contended(String outputUrl, int rounds, String what) {
        return "output " + outputUrl + " changed under " + rounds + " " + what + " in a row (maxWriteRounds)";
    }

    /** @param length the object's size, or -1 when only known to be over the limit */
    static String tooLarge(long length, long maxObjectBytes) {
        return "object is " + (length >= 0 ? length + " bytes" : "larger than the limit") + ", over the limit of "
                + maxObjectBytes + " bytes (SEQGATE_MAX_OBJECT_BYTES)";
    }

    /** The transform's output is over the limit the input is held to. */
    static String outputTooLarge(long length, long maxObjectBytes) {
        return "the transform's output is " + length + " bytes, over the limit of " + maxObjectBytes
                + " bytes (SEQGATE_MAX_OBJECT_BYTES)";
    }

    static String noSequencer(ObjectEvent event) {
        return "programming error: " + event.eventName() + " " + event.objectKey()
                + " has no sequencer and reached the sink; the gate drops such events";
    }

    static String otherKind(ObjectEvent event) {
        return "programming error: a " + event.eventName()
                + " event reached the sink; only creates, removes and reconcile records pass the gate";
    }

    static String transformFailed(Throwable cause) {
        return "transform failed: " + cause;
    }

    static String s3Refused(String call, String error) {
        return "S3 refused " + call + ": " + error;
    }

    static String s3CallFailed(String call, String error) {
        return "S3 call " + call + " failed: " + error;
    }

    /** @param waitingFor what the job waited for, e.g. {@code to retry GET s3://bucket/key} */
    static String interrupted(String waitingFor) {
        return "interrupted while waiting " + waitingFor;
    }
}
