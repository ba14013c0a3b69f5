package io.seqgate.sink;

import io.seqgate.metrics.SeqgateMetrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the transform on an input, timing it for the metrics, and tells its refusal
 * ({@link UnsupportedObjectException}, an UNSUPPORTED result) from a bug ({@link Failed}, FAILED).
 */
final class MeteredTransform {

    /** The transform threw something other than its refusal: a bug, reported as FAILED. */
    static final class Failed extends RuntimeException {
        Failed(RuntimeException cause) {
            super(cause);
        }
    }

    private final Transform transform;
    private final SeqgateMetrics metrics;

    MeteredTransform(Transform transform, SeqgateMetrics metrics) {
        this.transform = Objects.requireNonNull(transform, "transform");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The transform's identity, which outputs record. */
    String identity() {
        return transform.identity();
    }

    /**
     * @param input an input read within the limit ({@code bytes} not null); once the transform is done,
     *              the memory claimed for what it decodes goes back to the budget
     */
    Transform.Transformed apply(Input input) throws UnsupportedObjectException {
        long start = System.nanoTime();
        try {
            Transform.Transformed output = transform.apply(input.bytes(), input.contentType());
            input.transformed(output.bytes().length);
            return output;
        } catch (UnsupportedObjectException e) {
            input.transformed(0);
            throw e;
        } catch (RuntimeException e) {
            throw new Failed(e);
        } finally {
            metrics.transform(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
