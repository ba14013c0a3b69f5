package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code /health/live} on the real stack: a stream thread stuck waiting for a place of the
 * asynchronous sink (one place, held by a job the test holds) is not live once the wait outlasts
 * {@code max.poll.interval.ms} (shortened here to 15 s), and is live again once the job ends.
 */
@ExtendWith(DevStackExtension.class)
class SinkLivenessIT {

    private static final String APP = "sink-liveness-it";
    private static final String PREFIX = APP + "/";
    private static final Duration STALL_LIMIT = Duration.ofSeconds(15);

    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor processor;
    private static final AtomicReference<HeldTransform> transform = new AtomicReference<>();

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        s3 = stack.newS3Client();
        processor = RunningProcessor.start(
                stack,
                APP,
                APP + "-1",
                stateDir,
                Map.of(
                        "SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX,
                        "SEQGATE_SINK_MODE", "async",
                        "SEQGATE_SINK_CONCURRENCY", "1",
                        "SEQGATE_SINK_MAX_PENDING", "1",
                        "KAFKA_STREAMS_CONSUMER_MAX_POLL_INTERVAL_MS", String.valueOf(STALL_LIMIT.toMillis())),
                HeldTransform.into(transform));
    }

    @AfterAll
    static void stop() {
        if (transform.get() != null) {
            transform.get().releaseAll();
        }
        if (processor != null) {
            processor.close();
        }
        s3.close();
    }

    private static void upload(String name, byte[] content) {
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(PREFIX + name + ".png").contentType("image/png"),
                RequestBody.fromBytes(content));
    }

    private static int live() {
        return HttpApi.get(processor.url(), "/health/live", null).status();
    }

    @Test
    void aStreamThreadWaitingForAPlaceLongerThanTheLimitIsNotLiveUntilItHasOne() {
        byte[] held = Pictures.version(200, 1);
        transform.get().hold(held);
        upload("held", held);
        await().atMost(Duration.ofSeconds(60)).until(() -> transform.get().started(held));
        // The only place is the held job's: this record's process() waits for it.
        upload("waiting", Pictures.version(201, 1));

        await().atMost(STALL_LIMIT.multipliedBy(6))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> live() == 503);

        transform.get().release(held);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> live() == 200);
    }
}
