package io.seqgate.outcome;

import java.util.List;

/**
 * The kinds of record that reach the dead-letter topic, as its {@code seqgate.error.kind} header and
 * the {@code kind} tag of {@code seqgate_dead_letters_total} name them. The stream layer writes them
 * ({@code streams/DeadLetters}); the metrics count them.
 */
public final class DeadLetterKinds {

    /** A message that could not be parsed, as it came. */
    public static final String UNPARSEABLE = "unparseable";
    /** An event whose sink call FAILED, re-encoded as a notification that replays it. */
    public static final String SINK_FAILED = "sink-failed";
    /** A record a processor threw on; Streams writes it itself, with its own headers. */
    public static final String PROCESSING_ERROR = "processing-error";
    /** Every kind, in the order above. */
    public static final List<String> ALL = List.of(UNPARSEABLE, SINK_FAILED, PROCESSING_ERROR);

    private DeadLetterKinds() {}
}
