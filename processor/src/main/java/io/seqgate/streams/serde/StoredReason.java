package io.seqgate.streams.serde;

import io.seqgate.sink.SinkReasons;
import io.seqgate.streams.ObjectState;
import java.io.IOException;

/**
 * The reasons the gate and the sink give most often, which version 3 of the state stores as a code
 * when the reason is exactly the text (followed by the state's own sequencer where the text ends
 * with one); any other reason is stored as text. The texts are the gate's and the sink's own
 * ({@link ObjectState#ACCEPTED_REASON}, {@link SinkReasons}), kept nowhere else.
 *
 * <p>A code is read back as the text it stands for today, so codes are part of the stored format:
 * never renumber them, and never reword a text that has one; a new wording gets a new code, and its
 * old text stays here for the old code. {@code ObjectStateSerdeTest} holds the bytes of every code.
 */
enum StoredReason {
    ACCEPTED(1, ObjectState.ACCEPTED_REASON, false),
    WRITTEN(2, SinkReasons.WROTE_FROM_SEQUENCER, true),
    IN_PLACE(3, SinkReasons.IN_PLACE_AT_SEQUENCER, true),
    DELETED(4, SinkReasons.DELETED, false),
    ALREADY_ABSENT(5, SinkReasons.ALREADY_ABSENT, false),
    REWRITTEN_AFTER_REMOVE(6, SinkReasons.REWRITTEN_AFTER_REMOVE, false),
    IN_PLACE_AFTER_REMOVE(7, SinkReasons.IN_PLACE_AFTER_REMOVE, false),
    INPUT_NEWER(8, SinkReasons.INPUT_NEWER, false),
    INPUT_GONE(9, SinkReasons.INPUT_GONE, false),
    INPUT_REMOVED_AFTER_READ(10, SinkReasons.INPUT_REMOVED_AFTER_READ, false),
    INPUT_CHANGED_AFTER_READ(11, SinkReasons.INPUT_CHANGED_AFTER_READ, false);

    private final int code;
    private final String text;
    private final boolean endsWithSequencer;

    StoredReason(int code, String text, boolean endsWithSequencer) {
        this.code = code;
        this.text = text;
        this.endsWithSequencer = endsWithSequencer;
    }

    private String render(String sequencer) {
        return endsWithSequencer ? text + sequencer : text;
    }

    /** The code of {@code reason}, or 0 when it is not exactly one of the texts. */
    static int codeOf(String reason, String sequencer) {
        if (reason == null) {
            return 0;
        }
        for (StoredReason r : values()) {
            if (reason.startsWith(r.text) && reason.equals(r.render(sequencer))) {
                return r.code;
            }
        }
        return 0;
    }

    static String text(int code, String sequencer) throws IOException {
        for (StoredReason r : values()) {
            if (r.code == code) {
                return r.render(sequencer);
            }
        }
        throw new IOException("unknown reason code " + code);
    }
}
