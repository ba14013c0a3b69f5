package io.seqgate.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.DevStackExtension;
import io.seqgate.devstack.HeldTransform;
import io.seqgate.devstack.RunningProcessor;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.sink.OutputMetadata;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A zombie writer (docs/design.md, "A zombie writer"): instance A's sink job for version 2 of an
 * object is held in the transform, after it read the input, while A loses the object's partition
 * (its only stream thread leaves the group; its workers, S3 client and JVM live on). B takes the
 * partition over, resumes version 2 from pending work, and writes version 3. Then A's job goes on
 * and tries to write version 2. Sampled all along, the output's recorded source sequencer never
 * decreases, and the output ends as the transform of version 3.
 */
@ExtendWith(DevStackExtension.class)
class ZombieWriterIT {

    private static final String APP = "zombie-it";
    private static final String KEY = APP + "/photo.png";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DevStack stack;
    private static S3Client s3;

    @BeforeAll
    static void connect(DevStack devStack, S3Client client) {
        stack = devStack;
        s3 = client;
    }

    @Test
    void instanceThatLostItsPartitionWritesOnButTheOutputNeverGoesBackAndEndsNewest(@TempDir Path stateDir)
            throws Exception {
        Map<String, String> settings = Map.of(
                "SEQGATE_INPUT_LOCATIONS",
                stack.inputBucket() + "/" + APP + "/",
                "SEQGATE_SINK_MODE",
                "async",
                "KAFKA_STREAMS_NUM_STANDBY_REPLICAS",
                "0");
        AtomicReference<HeldTransform> held = new AtomicReference<>();
        AtomicInteger zombieTransformsEnded = new AtomicInteger();
        EndStateCheck check = new EndStateCheck(
                stack.bootstrapServers(),
                stack.inputTopic(),
                stack.config().outcomesTopic(),
                s3,
                stack.inputBucket(),
                stack.outputBucket());
        byte[] v2 = Pictures.version(1, 2);

        try (RunningProcessor a = RunningProcessor.start(
                        stack,
                        APP,
                        APP + "-a",
                        stateDir.resolve("a"),
                        settings,
                        production -> heldAndCounted(production, held, zombieTransformsEnded));
                SequencerSampler sampler = SequencerSampler.start(s3, stack.outputBucket(), List.of(KEY))) {
            upload(Pictures.version(1, 1));
            awaitOutputOfCurrentInput(check);

            held.get().hold(v2);
            upload(v2);
            await().atMost(Duration.ofSeconds(60)).until(() -> held.get().started(v2));
            int endedBeforeRelease = zombieTransformsEnded.get();
            double headsBeforeRelease = s3Calls(a, "HEAD") + s3Calls(a, "PUT");

            // A leaves the group with its only stream thread: the task closes (its held job outlives
            // the close's wait), the partition goes to B, A's worker pool and S3 client live on.
            assertThat(a.streams().removeStreamThread(Duration.ofSeconds(60))).isPresent();
            try (RunningProcessor b = RunningProcessor.start(stack, APP, APP + "-b", stateDir.resolve("b"), settings)) {
                awaitOutputOfCurrentInput(check);
                assertThat(outputSequencer())
                        .as("B resumed version 2 from pending work")
                        .isNotNull();
                upload(Pictures.version(1, 3));
                awaitOutputOfCurrentInput(check);
                String newest = outputSequencer();

                held.get().release(v2);
                await().atMost(Duration.ofSeconds(60)).until(() -> zombieTransformsEnded.get() > endedBeforeRelease);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(metric(a, "seqgate_sink_jobs{state=\"in_flight\"}"))
                                .isZero());

                assertThat(s3Calls(a, "HEAD") + s3Calls(a, "PUT"))
                        .as("the zombie went on to the output after the release")
                        .isGreaterThan(headsBeforeRelease);
                assertThat(a.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                sampler.sample(KEY);
                assertThat(sampler.regressions())
                        .as("decreases of the output's recorded sequencer")
                        .isEmpty();
                assertThat(sampler.samples()).as("samples taken").isGreaterThan(10);
                assertThat(check.outputProblem(KEY))
                        .as("output is the transform of version 3")
                        .isEmpty();
                assertThat(outputSequencer())
                        .isEqualTo(newest)
                        .isEqualTo(sampler.highest().get(KEY));
                assertThat(b.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    private static Transform heldAndCounted(
            Transform production, AtomicReference<HeldTransform> held, AtomicInteger ended) {
        held.set(new HeldTransform(production));
        return input -> {
            TransformOutput result = held.get().apply(input);
            ended.incrementAndGet();
            return result;
        };
    }

    private static void upload(byte[] image) {
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(KEY).contentType("image/png"), RequestBody.fromBytes(image));
    }

    private static void awaitOutputOfCurrentInput(EndStateCheck check) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(check.outputProblem(KEY)).isEmpty());
    }

    private static String outputSequencer() {
        return s3.headObject(b -> b.bucket(stack.outputBucket()).key(KEY))
                .metadata()
                .get(OutputMetadata.SOURCE_SEQUENCER);
    }

    private static double s3Calls(RunningProcessor processor, String operation)
            throws IOException, InterruptedException {
        return metric(processor, "seqgate_s3_call_seconds_count{operation=\"" + operation + "\"}");
    }

    /** One sample of the processor's {@code /metrics}, 0 when absent. */
    private static double metric(RunningProcessor processor, String nameAndLabels)
            throws IOException, InterruptedException {
        String scrape = HTTP.send(
                        HttpRequest.newBuilder(URI.create(processor.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return scrape.lines()
                .filter(l -> l.startsWith(nameAndLabels + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
