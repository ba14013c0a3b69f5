package io.seqgate.devstack;

import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} on the real stack: a stream thread stuck waiting for a place of the
 * asynchronous sink (one place, held by a job the test holds) is not live once the wait outlasts
 * {@code max.poll.interval.ms} (shortened here to 15 s), and is live again once the job ends.
 */
@ExtendWith(DevStackExtension.class)
class SinkLivenessIT {

    private static final String APP = "sink-liveness-it";
    private static final Duration STALL_LIMIT = Duration.ofSeconds(15);

    private static HeldAsyncProcessor processor;

    @BeforeAll
    static void start(DevStack stack, @TempDir Path stateDir) {
        processor = HeldAsyncProcessor.start(
                stack,
                APP,
                stateDir,
                Map.of(
                        "SEQGATE_SINK_CONCURRENCY", "1",
                        "SEQGATE_SINK_MAX_PENDING", "1",
                        "KAFKA_STREAMS_CONSUMER_MAX_POLL_INTERVAL_MS", String.valueOf(STALL_LIMIT.toMillis())));
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    private static int live() {
        return HttpApi.get(processor.url(), "/health/live", null).status();
    }

    @Test
    void aStreamThreadWaitingForAPlaceLongerThanTheLimitIsNotLiveUntilItHasOne() {
        byte[] held = Pictures.version(200, 1);
        processor.transform().hold(held);
        processor.upload(processor.key("held"), held);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.transform().started(held));
        // The only place is the held job's: this record's process() waits for it.
        processor.upload(processor.key("waiting"), Pictures.version(201, 1));

        await().atMost(STALL_LIMIT.multipliedBy(6))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> live() == 503);

        processor.transform().release(held);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> live() == 200);
    }
}
