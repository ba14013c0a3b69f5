package io.seqgate.devstack.demo;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a transform slow at random, as the AWS blog's Lambda does ({@code time.sleep} with probability
 * 0.5), and counts how often it ran: every call is one transform executed by the sink.
 */
public final class SlowTransform implements Transform {

    /** Told of every call, before it runs: which input, and whether the call pauses. */
    @FunctionalInterface
    public interface Observer {
        void called(byte[] input, boolean slow);
    }

    private final Transform delegate;
    private final double probability;
    private final Duration pause;
    private final Random random;
    private final Observer observer;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong slowed = new AtomicLong();

    /**
     * @param probability chance in [0, 1] that one call pauses first
     * @param pause       how long it pauses
     * @param random      the source of the choices; shared by the stream threads (Random is thread-safe)
     */
    public SlowTransform(Transform delegate, double probability, Duration pause, Random random) {
        this(delegate, probability, pause, random, (input, slow) -> {});
    }

    /** As above, telling {@code observer} of every call (from the thread that makes it). */
    public SlowTransform(Transform delegate, double probability, Duration pause, Random random, Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public TransformOutput apply(TransformInput input)
            throws UnsupportedObjectException, TransientTransformException, InterruptedException {
        calls.incrementAndGet();
        boolean slow = probability > 0 && random.nextDouble() < probability;
        observer.called(input.bytes(), slow);
        if (slow) {
            slowed.incrementAndGet();
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                // Streams is closing: finish the work without the rest of the pause.
                Thread.currentThread().interrupt();
            }
        }
        return delegate.apply(input);
    }

    /** Transforms started so far. */
    public long calls() {
        return calls.get();
    }

    /** Of those, how many paused. */
    public long slowed() {
        return slowed.get();
    }
}
