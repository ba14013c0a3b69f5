package io.seqgate.devstack;

import io.seqgate.devstack.stack.DevStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A processor on the dev stack with the asynchronous sink, reading the input under {@code <app>/},
 * whose transform the test holds objects in ({@link HeldTransform}); with an S3 client to upload
 * them. For the ITs that hold one object and watch what the sink does meanwhile.
 */
final class HeldAsyncProcessor implements AutoCloseable {

    private final String inputBucket;
    private final String prefix;
    private final S3Client s3;
    private final RunningProcessor processor;
    private final AtomicReference<HeldTransform> transform;

    private HeldAsyncProcessor(
            String inputBucket,
            String prefix,
            S3Client s3,
            RunningProcessor processor,
            AtomicReference<HeldTransform> transform) {
        this.inputBucket = inputBucket;
        this.prefix = prefix;
        this.s3 = s3;
        this.processor = processor;
        this.transform = transform;
    }

    /**
     * Starts it as instance {@code <app>-1} of application {@code app} and waits until Kafka Streams is
     * RUNNING.
     *
     * @param settings further settings, e.g. the sink's concurrency
     */
    static HeldAsyncProcessor start(DevStack stack, String app, Path stateDir, Map<String, String> settings) {
        String prefix = app + "/";
        Map<String, String> env = new HashMap<>(settings);
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + prefix);
        env.put("SEQGATE_SINK_MODE", "async");
        AtomicReference<HeldTransform> transform = new AtomicReference<>();
        S3Client s3 = stack.newS3Client();
        try {
            RunningProcessor processor =
                    RunningProcessor.start(stack, app, app + "-1", stateDir, env, HeldTransform.into(transform));
            return new HeldAsyncProcessor(stack.inputBucket(), prefix, s3, processor, transform);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    HeldTransform transform() {
        return transform.get();
    }

    S3Client s3() {
        return s3;
    }

    /** The base URL of its HTTP API. */
    String url() {
        return processor.url();
    }

    /** The input key of the picture {@code name}, under the prefix it reads. */
    String key(String name) {
        return prefix + name + ".png";
    }

    void upload(String key, byte[] content) {
        s3.putObject(b -> b.bucket(inputBucket).key(key).contentType("image/png"), RequestBody.fromBytes(content));
    }

    /** Releases every held call, so that the processor can close, then closes it and the client. */
    @Override
    public void close() {
        if (transform.get() != null) {
            transform.get().releaseAll();
        }
        processor.close();
        s3.close();
    }
}
