package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the transform on an input, whatever transform it is (docs/transforms.md): times every call for
 * the metrics, calls it again on {@link TransientTransformException} within the event's retry budget
 * ({@link S3Calls.Budget#awaitRetry}), refuses an output over {@link SinkSettings#maxObjectBytes()}
 * (UNSUPPORTED), and tells the transform's refusal ({@link UnsupportedObjectException}, UNSUPPORTED)
 * from a bug ({@link Failed}, FAILED): anything else it throws, or no output at all.
 */
final class MeteredTransform {

    /** The transform threw something other than its refusal, or returned nothing: a bug, reported as FAILED. */
    static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause);
        }
    }

    private final Transform transform;
    private final String identity;
    private final long maxObjectBytes;
    private final SeqgateMetrics metrics;

    /** @param identity what outputs record of the transform, {@code name/version} */
    MeteredTransform(Transform transform, String identity, long maxObjectBytes, SeqgateMetrics metrics) {
        this.transform = Objects.requireNonNull(transform, "transform");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.maxObjectBytes = maxObjectBytes;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The transform's identity, which outputs record. */
    String identity() {
        return identity;
    }

    /**
     * @param input an input read within the limit ({@code bytes} not null), for {@code event}; once the
     *              transform is done, the memory claimed for what it decodes goes back to the budget
     * @throws S3Calls.Unavailable when the transform still failed transiently at the end of the budget
     */
    TransformOutput apply(ObjectEvent event, Input input, S3Calls.Budget calls)
            throws UnsupportedObjectException, InterruptedException {
        TransformInput in = new TransformInput(
                event.bucket(),
                event.key(),
                input.versionId(),
                input.eTag(),
                input.contentType(),
                event.sequencer(),
                input.bytes());
        for (int attempt = 1; ; attempt++) {
            TransformOutput output;
            long start = System.nanoTime();
            try {
                output = transform.apply(in);
            } catch (TransientTransformException e) {
                calls.awaitRetry(
                        attempt,
                        "transform",
                        identity + " of " + S3Objects.url(event.bucket(), event.key()),
                        e.getMessage());
                continue;
            } catch (UnsupportedObjectException e) {
                input.transformed(0);
                throw e;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                // A plugin may throw any exception (a checked one thrown sneakily too) or miss a class.
                throw new Failed(e);
            } finally {
                metrics.transform(Duration.ofNanos(System.nanoTime() - start));
            }
            if (output == null) {
                throw new Failed(new IllegalStateException("the transform returned null instead of an output"));
            }
            if (output.bytes().length > maxObjectBytes) {
                input.transformed(0);
                throw new UnsupportedObjectException(SinkReasons.outputTooLarge(output.bytes().length, maxObjectBytes));
            }
            input.transformed(output.bytes().length);
            return output;
        }
    }
}
