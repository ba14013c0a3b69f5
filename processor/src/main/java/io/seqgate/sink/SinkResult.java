package io.seqgate.sink;

import io.seqgate.outcome.Decision;
import java.util.Objects;

/**
 * How the sink ended one accepted event.
 *
 * @param decision   DONE, SUPERSEDED, UNSUPPORTED or FAILED
 * @param reason     a sentence a person can act on
 * @param outputKey  the output object key, or null when nothing was written or deleted
 * @param outputETag the eTag of the written output, or null
 */
public record SinkResult(Decision decision, String reason, String outputKey, String outputETag) {

    public SinkResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
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
