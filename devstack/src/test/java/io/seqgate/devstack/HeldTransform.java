package io.seqgate.devstack;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Wraps the production transform so that a test can make one object slow: a call whose input is
 * bytes the test holds waits until the test releases them.
 */
public final class HeldTransform implements Transform {

    /** A held call goes on after this, so that a broken test fails instead of hanging. */
    private static final long HOLD_LIMIT_SECONDS = 120;

    private final Transform delegate;
    private final Map<ByteBuffer, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Set<ByteBuffer> started = ConcurrentHashMap.newKeySet();

    public HeldTransform(Transform delegate) {
        this.delegate = delegate;
    }

    /**
     * For {@code RunningProcessor.start}: wraps the production transform, and hands the wrapper to
     * {@code holder} for the test to hold and release objects with.
     */
    public static UnaryOperator<Transform> into(AtomicReference<HeldTransform> holder) {
        return production -> {
            HeldTransform held = new HeldTransform(production);
            holder.set(held);
            return held;
        };
    }

    public void hold(byte[] input) {
        holds.put(ByteBuffer.wrap(input), new CountDownLatch(1));
    }

    public void release(byte[] input) {
        CountDownLatch hold = holds.get(ByteBuffer.wrap(input));
        if (hold != null) {
            hold.countDown();
        }
    }

    public boolean started(byte[] input) {
        return started.contains(ByteBuffer.wrap(input));
    }

    /** Releases every call held now. */
    public void releaseAll() {
        holds.values().forEach(CountDownLatch::countDown);
    }

    @Override
    public TransformOutput apply(TransformInput input)
            throws UnsupportedObjectException, TransientTransformException, InterruptedException {
        ByteBuffer content = ByteBuffer.wrap(input.bytes());
        started.add(content);
        CountDownLatch hold = holds.get(content);
        if (hold != null) {
            try {
                hold.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delegate.apply(input);
    }
}
