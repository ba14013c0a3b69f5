package io.seqgate.sink;

import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import java.util.Objects;

/**
 * How the sink ended one accepted event.
 *
 * @param decision   DONE, SUPERSEDED, UNSUPPORTED or FAILED
 * @param reason     a sentence a person can act on
 * @param outputKey  the output object key, or null when nothing was written or deleted
 * @param outputETag the eTag of the written output, or null
 * @param output     what the output holds now, when the sink knows it exactly ({@link OutputRecord#ABSENT}
 *                   when it deleted or found no output); null when it does not know
 */
public record SinkResult(Decision decision, String reason, String outputKey, String outputETag, OutputRecord output) {

    public SinkResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
    }

    /** Without knowledge of what the output holds. */
    public SinkResult(Decision decision, String reason, String outputKey, String outputETag) {
        this(decision, reason, outputKey, outputETag, null);
    }

    /** This result, knowing what the output holds now. */
    public SinkResult knowing(OutputRecord now) {
        return new SinkResult(decision, reason, outputKey, outputETag, now);
    }

    public static SinkResult done(String reason, String outputKey, String outputETag) {
        return new SinkResult(Decision.DONE, reason, outputKey, outputETag);
    }

    /** A reconcile record found the output as it should be: nothing written. */
    public static SinkResult inSync(String reason, String outputKey, String outputETag) {
        return new SinkResult(Decision.IN_SYNC, reason, outputKey, outputETag);
    }

    public static SinkResult superseded(String reason) {
        return new SinkResult(Decision.SUPERSEDED, reason, null, null);
    }

    public static SinkResult unsupported(String reason) {
        return new SinkResult(Decision.UNSUPPORTED, reason, null, null);
    }

    public static SinkResult failed(String reason) {
        return new SinkResult(Decision.FAILED, reason, null, null);
    }
}
