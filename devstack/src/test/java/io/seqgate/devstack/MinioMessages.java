package io.seqgate.devstack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Hand-made MinIO-shaped notifications, for tests that produce to the input topic themselves. */
final class MinioMessages {

    private MinioMessages() {}

    /** A put of {@code input/key} with the given sequencer (the object itself need not exist). */
    static String put(String key, String sequencer) {
        return """
                {"EventName":"s3:ObjectCreated:Put","Key":"input/%s","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",\
                "eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"input"},"object":{"key":"%s","size":3,\
                "eTag":"e%s","sequencer":"%s"}}}]}""".formatted(key, URLEncoder.encode(key, StandardCharsets.UTF_8), sequencer, sequencer);
    }
}
