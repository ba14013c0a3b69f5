package io.seqgate.sink;

import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.UnsupportedObjectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Test transform: reverses the bytes; refuses content starting with "NOPE". Counts its calls. */
final class ReversingTransform implements Transform {

    static final String REFUSAL = "not an image: content starts with NOPE";

    static final String IDENTITY = "reverse/1";

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public TransformOutput apply(TransformInput input) throws UnsupportedObjectException {
        return apply(input.bytes());
    }

    TransformOutput apply(byte[] input) throws UnsupportedObjectException {
        calls.incrementAndGet();
        if (new String(input, 0, Math.min(4, input.length), StandardCharsets.ISO_8859_1).equals("NOPE")) {
            throw new UnsupportedObjectException(REFUSAL);
        }
        byte[] out = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = input[input.length - 1 - i];
        }
        return new TransformOutput(out, "application/octet-stream");
    }

    int calls() {
        return calls.get();
    }
}
