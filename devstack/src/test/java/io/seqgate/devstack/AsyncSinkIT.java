package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.streams.KeyPartitioning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The asynchronous sink on the real stack, with objects the tests make slow by holding their
 * transform: other objects of the same partition go on meanwhile, and the HTTP API and metrics show
 * the slow object's jobs.
 */
@ExtendWith(DevStackExtension.class)
class AsyncSinkIT {

    private static final String APP = "async-sink-it";

    private static DevStack stack;
    private static HeldAsyncProcessor processor;

    @BeforeAll
    static void start(DevStack devStack, @TempDir Path stateDir) {
        stack = devStack;
        processor = HeldAsyncProcessor.start(stack, APP, stateDir, Map.of());
    }

    @AfterEach
    void releaseHeldObjects() {
        processor.transform().releaseAll();
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    private static byte[] output(String key) {
        try {
            return processor
                    .s3()
                    .getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }

    private static int partition(String key) {
        return KeyPartitioning.MINIO_FNV1A.partition(
                stack.inputBucket() + "/" + key, stack.config().inputPartitions());
    }

    private static JsonNode objectState(String key) {
        HttpApi.Answer answer = HttpApi.get(processor.url(), HttpApi.objectPath(stack.inputBucket(), key), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void slowObjectDoesNotDelayOtherObjectsOfItsPartition() {
        String slow = processor.key("slow");
        byte[] slowContent = Pictures.version(100, 1);
        List<String> sameTask = new ArrayList<>();
        for (int n = 0; sameTask.size() < 5; n++) {
            if (partition(processor.key("fast-" + n)) == partition(slow)) {
                sameTask.add(processor.key("fast-" + n));
            }
        }
        processor.transform().hold(slowContent);
        processor.upload(slow, slowContent);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.transform().started(slowContent));

        for (int n = 0; n < sameTask.size(); n++) {
            processor.upload(sameTask.get(n), Pictures.version(n, 1));
        }
        // Generous: on the stream thread these would wait for the slow object, here for nothing.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (int n = 0; n < sameTask.size(); n++) {
                        assertThat(Pictures.samePixels(
                                        output(sameTask.get(n)), TestImages.inverted(Pictures.version(n, 1))))
                                .as("output of %s, on the slow object's partition %d", sameTask.get(n), partition(slow))
                                .isTrue();
                    }
                });
        assertThat(output(slow)).as("output of the slow object, still held").isEmpty();

        processor.transform().release(slowContent);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Pictures.samePixels(output(slow), TestImages.inverted(slowContent)));
    }

    @Test
    void objectStateShowsTheEventInFlightAndTheOneQueuedBehindIt() {
        String object = processor.key("queued");
        byte[] first = Pictures.version(101, 1);
        processor.transform().hold(first);
        processor.upload(object, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.transform().started(first));
        processor.upload(object, Pictures.version(101, 2));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode state = objectState(object);
                    assertThat(state.at("/pending/queued/sequencer").asText())
                            .as(state.toString())
                            .isEqualTo(state.get("sequencer").asText());
                    assertThat(state.at("/pending/inFlight/sequencer").asText())
                            .as(state.toString())
                            .isNotEmpty()
                            .isLessThan(state.get("sequencer").asText());
                });

        processor.transform().release(first);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode state = objectState(object);
                    assertThat(state.has("pending")).as(state.toString()).isFalse();
                    assertThat(state.at("/lastDecision/decision").asText()).isEqualTo("DONE");
                });
    }

    @Test
    void metricsCountTheJobsInFlightAndQueued() {
        String object = processor.key("counted");
        byte[] first = Pictures.version(102, 1);
        processor.transform().hold(first);
        processor.upload(object, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.transform().started(first));
        processor.upload(object, Pictures.version(102, 2));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    String scrape =
                            HttpApi.get(processor.url(), "/metrics", null).body();
                    assertThat(HttpApi.sample(scrape, "seqgate_sink_jobs{state=\"in_flight\"}"))
                            .isEqualTo(1.0);
                    assertThat(HttpApi.sample(scrape, "seqgate_sink_jobs{state=\"queued\"}"))
                            .isEqualTo(1.0);
                });
    }
}
