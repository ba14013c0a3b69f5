package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A test's keys {@code PREFIX/img<n>.png} of the stack's input bucket, uploaded as numbered versions of
 * {@link Pictures#version}, and their outputs: tests share the buckets and topics, and each keeps to its
 * prefix.
 */
final class VersionedKeys {

    private final DevStack stack;
    private final S3Client s3;
    private final String prefix;
    private final int count;

    /** @param prefix ends with {@code /}; @param count keys {@code 0} to {@code count - 1} */
    VersionedKeys(DevStack stack, S3Client s3, String prefix, int count) {
        this.stack = stack;
        this.s3 = s3;
        this.prefix = prefix;
        this.count = count;
    }

    String key(int n) {
        return prefix + "img" + n + ".png";
    }

    /** Whether a record key ({@code bucket/key}) is one of these keys. */
    boolean ours(String recordKey) {
        return recordKey.startsWith(stack.inputBucket() + "/" + prefix);
    }

    /** Puts {@code version} of key {@code n}. */
    void upload(int n, int version) {
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(key(n)).contentType("image/png"),
                RequestBody.fromBytes(Pictures.version(n, version)));
    }

    /** Puts {@code version} of every key, one after the other. */
    void uploadAll(int version) {
        for (int n = 0; n < count; n++) {
            upload(n, version);
        }
    }

    /** The output of key {@code n}, or no bytes while there is none. */
    byte[] output(int n) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key(n)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }

    /** Waits until the output of every key shows its {@code version}, inverted. */
    void awaitOutputs(int version, Duration atMost) {
        awaitOutputs(IntStream.range(0, count).boxed().toList(), version, atMost);
    }

    /** Waits until the output of each of {@code keys} shows its {@code version}, inverted. */
    void awaitOutputs(List<Integer> keys, int version, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (int n : keys) {
                assertThat(Pictures.samePixels(output(n), TestImages.inverted(Pictures.version(n, version))))
                        .as("output of %s is the inverted version %d", key(n), version)
                        .isTrue();
            }
        });
    }
}
