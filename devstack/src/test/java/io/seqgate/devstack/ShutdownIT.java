package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A graceful stop that outlasts its timeout: Kafka Streams goes on shutting down after
 * {@code close(timeout)} gave up, and a stream thread may still be inside a sink call. The sink (its S3
 * client) must stay open until that call ended, or the event ends FAILED, with a dead letter, because
 * the instance was stopping.
 */
@ExtendWith(DevStackExtension.class)
class ShutdownIT {

    private static final String APP = "shutdown-it";
    private static final String PREFIX = APP + "/";

    @Test
    void closeThatTimesOutKeepsTheSinkOpenUntilTheSinkCallInFlightHasEnded(
            DevStack stack, S3Client s3, @TempDir Path stateDir) {
        AtomicReference<HeldTransform> transform = new AtomicReference<>();
        RunningProcessor processor = RunningProcessor.start(
                stack,
                APP,
                APP + "-1",
                stateDir,
                // The synchronous sink makes its S3 calls on the stream thread, inside Streams' close.
                Map.of("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX, "SEQGATE_SINK_MODE", "sync"),
                HeldTransform.into(transform));
        String key = PREFIX + "held.png";
        byte[] image = Pictures.version(1, 1);
        transform.get().hold(image);
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(key).contentType("image/png"), RequestBody.fromBytes(image));
        await().atMost(Duration.ofSeconds(60)).until(() -> transform.get().started(image));

        // Zero: Streams' close gives up at once, with the stream thread held inside the sink call.
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> processor.close(Duration.ZERO));
        await("close waits for the sink call in flight")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !closed.isDone());

        transform.get().release(image);
        await().atMost(Duration.ofSeconds(90)).until(closed::isDone);
        assertThat(closed.join())
                .as("Kafka Streams stopped before the sink was closed")
                .isTrue();
        assertThat(Pictures.samePixels(
                        s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                                .asByteArray(),
                        TestImages.inverted(image)))
                .as("the held event's output was written with the sink still open")
                .isTrue();
    }
}
