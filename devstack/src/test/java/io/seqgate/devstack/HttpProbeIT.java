package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.probe.HttpProbe;
import io.seqgate.devstack.stack.DevStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The HTTP probe's scenarios, small, against two instances with a token: what must hold, not how
 * fast — health checks and object queries are answered while sockets stall on one instance, and 50
 * concurrent clients are all answered by the owners (the instances forwarding to each other cannot
 * wait on each other); a client cannot set the forwarding marker.
 */
@ExtendWith(DevStackExtension.class)
class HttpProbeIT {

    private static final String APP = "probe-it";
    private static final String PREFIX = APP + "/";
    private static final String TOKEN = "probe-it-token-0123456789abcdef";
    private static final List<String> KEYS =
            IntStream.range(0, 6).mapToObj(n -> PREFIX + "img " + n + ".png").toList();

    private static final List<RunningProcessor> instances = new ArrayList<>();
    private static List<String> paths;
    private static HttpProbe probe;

    @BeforeAll
    static void start(DevStack stack, @TempDir Path stateDir) {
        Map<String, String> settings = Map.of(
                "SEQGATE_HTTP_TOKEN",
                TOKEN,
                // Other test classes' objects share the input topic; leave them to their own processors.
                "SEQGATE_INPUT_LOCATIONS",
                stack.inputBucket() + "/" + PREFIX);
        for (int i = 1; i <= 2; i++) {
            instances.add(RunningProcessor.launch(stack, APP, APP + "-" + i, stateDir.resolve("i" + i), settings));
        }
        InteractiveQueriesIT.awaitSettled(instances, 2, TOKEN);
        try (S3Client s3 = stack.newS3Client()) {
            for (int n = 0; n < KEYS.size(); n++) {
                int k = n;
                s3.putObject(
                        b -> b.bucket(stack.inputBucket()).key(KEYS.get(k)).contentType("image/png"),
                        RequestBody.fromBytes(Pictures.version(k, 1)));
            }
        }
        paths = KEYS.stream()
                .map(k -> HttpApi.objectPath(stack.inputBucket(), k))
                .toList();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (String path : paths) {
                        HttpApi.Answer a = HttpApi.get(instances.get(0).url(), path, TOKEN);
                        assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(200);
                        assertThat(a.json().at("/lastDecision/decision").asText())
                                .as(path)
                                .isEqualTo("DONE");
                    }
                });
        probe = new HttpProbe(instances.stream().map(p -> URI.create(p.url())).toList(), TOKEN);
    }

    @AfterAll
    static void stop() {
        instances.forEach(RunningProcessor::close);
    }

    @Test
    void healthAndObjectQueriesAreAnsweredWhileEightSocketsStallOnOneInstance() throws IOException {
        HttpProbe.Result result = probe.stalled(8, paths, 40);
        assertThat(result.healthStatuses()).as("health checks").containsOnlyKeys(200);
        assertThat(result.objectStatuses())
                .as("object queries, half of them forwarded")
                .containsOnlyKeys(200);
        assertThat(result.staleObjectAnswers())
                .as("answers a standby gave for an owner that did not answer")
                .isZero();
    }

    @Test
    void fiftyConcurrentClientsOverTwoInstancesAreAllAnsweredByTheOwners() throws InterruptedException {
        HttpProbe.Result result = probe.concurrent(50, 4, paths);
        assertThat(result.objectNanos()).hasSize(200);
        assertThat(result.objectStatuses()).as("object queries").containsOnlyKeys(200);
        assertThat(result.staleObjectAnswers())
                .as("answers a standby gave for an owner that did not answer")
                .isZero();
        assertThat(result.healthStatuses()).as("health checks meanwhile").containsOnlyKeys(200);
    }

    @Test
    void aClientWithTheTokenCannotSetTheForwardingMarker() {
        for (RunningProcessor via : instances) {
            Map.Entry<Integer, String> answer =
                    HttpApi.raw(via.url(), paths.get(0), TOKEN, "X-Seqgate-Forwarded: " + via.host());
            assertThat(answer.getKey()).as(answer.getValue()).isEqualTo(403);
            assertThat(answer.getValue()).contains("forwarding marker");
        }
    }
}
