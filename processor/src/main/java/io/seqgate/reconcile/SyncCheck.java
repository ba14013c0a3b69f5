package io.seqgate.reconcile;

import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.sink.OutputMetadata;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Tells whether an object's output is in sync with its input, as cheaply as it can, and never by reading
 * the input: first from the two listings (an output missing, or left without its input), then from what
 * the output records about its source — the input's eTag and version it was written from, and the
 * transform that wrote it — which costs one HEAD of the output.
 */
final class SyncCheck {

    private final S3Client s3;
    private final Calls calls;
    private final String outputBucket;
    private final String transform;
    private final LongAdder heads = new LongAdder();

    /** @param transform the identity the current transform records in its outputs */
    SyncCheck(S3Client s3, Calls calls, String outputBucket, String transform) {
        this.s3 = s3;
        this.calls = calls;
        this.outputBucket = outputBucket;
        this.transform = transform;
    }

    /**
     * Why the object is out of sync, or null when it is in sync.
     *
     * @param input     the input as listed, or null when there is none
     * @param output    the output as listed, or null when there is none
     * @param outputKey the output's key
     */
    Cause check(ListedObject input, ListedObject output, String outputKey) throws InterruptedException {
        if (input == null) {
            return output == null ? null : Cause.OUTPUT_ORPHANED;
        }
        if (output == null) {
            return Cause.OUTPUT_MISSING;
        }
        HeadObjectResponse head;
        try {
            heads.increment();
            head = calls.run(
                    "HEAD",
                    "s3://" + outputBucket + "/" + outputKey,
                    () -> s3.headObject(b -> b.bucket(outputBucket).key(outputKey)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Cause.OUTPUT_MISSING; // deleted since it was listed
            }
            throw e;
        }
        OutputMetadata.Recorded recorded = OutputMetadata.read(head);
        if (recorded.eTag() == null) {
            return Cause.OUTPUT_FOREIGN;
        }
        if (!transform.equals(recorded.transform())) {
            return Cause.TRANSFORM_CHANGED;
        }
        return recorded.shows(input.eTag(), input.versionId(), transform) ? null : Cause.OUTPUT_STALE;
    }

    /** The identity of the transform whose outputs are in sync. */
    String transform() {
        return transform;
    }

    /** HEAD requests made so far. */
    long heads() {
        return heads.sum();
    }
}
