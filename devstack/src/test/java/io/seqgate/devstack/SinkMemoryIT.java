package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.chaos.ProcessorProcess;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A burst of camera-sized photos reaches a processor whose heap is small for them, in a JVM of its own
 * with {@code -Xmx1g} and the production defaults otherwise (32 workers, the default memory budget):
 * 48 JPEGs of 6000 × 6000 pixels (36 MP, under the default limit of 40 MP), about 1.8 MB each, uploaded
 * at 16 a second. Decoded, each is 108–144 MB; 32 of them at once would need 4–5 GB. Every one must end
 * DONE — a job waits for memory rather than fail — and no OutOfMemoryError may appear in the log.
 */
@ExtendWith(DevStackExtension.class)
class SinkMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMemoryIT.class);
    private static final String APP = "sink-memory-it";
    private static final String PREFIX = APP + "/";
    private static final String INSTANCE = APP + "-1";
    private static final int PHOTOS = 48;
    /** Distinct pictures, each uploaded under several keys: drawing 48 of 36 MP would take minutes. */
    private static final int DISTINCT = 4;

    private static final int SIDE = 6000;
    private static final int UPLOADS_PER_SECOND = 16;
    private static final String MAX_HEAP = "1g";
    private static final Path LOG_FILE = Path.of("target", "sink-memory-it.log");
    private static final Set<Decision> TERMINAL =
            Set.of(Decision.DONE, Decision.SUPERSEDED, Decision.UNSUPPORTED, Decision.FAILED);

    private static DevStack stack;
    private static S3Client s3;

    @BeforeAll
    static void connect(DevStack devStack, S3Client client) {
        stack = devStack;
        s3 = client;
    }

    @Test
    void burstOfLargePhotosOnASmallHeapEndsEveryOneDoneWithoutOutOfMemory(
            @TempDir Path stateDir, @TempDir Path photoDir) throws IOException {
        List<Path> photos = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int n = 0; n < DISTINCT; n++) {
            byte[] jpeg = Pictures.encode(Pictures.photo(SIDE, SIDE, n), "jpg");
            photos.add(Files.write(photoDir.resolve("photo" + n + ".jpg"), jpeg));
            sizes.add(jpeg.length);
        }
        LOG.info("{} photos of {} x {} px, {} bytes each", DISTINCT, SIDE, SIDE, sizes);

        Map<String, String> settings =
                Map.of("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + PREFIX, "SEQGATE_SINK_MODE", "async");
        try (ProcessorProcess processor =
                        ForkedProcessors.start(stack, APP, INSTANCE, stateDir, settings, LOG_FILE, MAX_HEAP);
                TopicReader outcomes =
                        new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> ForkedProcessors.ready(processor, LOG_FILE));

            uploadAtPace(photos);

            // Generous: on two loaded cores each photo takes seconds of decoding and encoding.
            await().atMost(Duration.ofMinutes(15))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> terminal(outcomes).size() >= PHOTOS || !processor.isAlive());

            List<Outcome> ended = terminal(outcomes);
            Map<Decision, Long> counts = ended.stream()
                    .collect(Collectors.groupingBy(Outcome::decision, TreeMap::new, Collectors.counting()));
            LOG.info("Outcomes of {} photos: {}", PHOTOS, counts);
            assertThat(processor.isAlive())
                    .as("processor alive (see %s); outcomes %s", LOG_FILE, counts)
                    .isTrue();
            assertThat(counts)
                    .as(
                            "outcomes of %d photos (see %s); first not DONE: %s",
                            PHOTOS,
                            LOG_FILE,
                            ended.stream()
                                    .filter(o -> o.decision() != Decision.DONE)
                                    .map(o -> o.key() + ": " + o.reason())
                                    .findFirst()
                                    .orElse("none"))
                    .isEqualTo(Map.of(Decision.DONE, (long) PHOTOS));
        }
        assertThat(Files.readString(LOG_FILE))
                .as("the processor's log, %s", LOG_FILE)
                .doesNotContain("OutOfMemoryError");
    }

    /** Uploads {@link #PHOTOS} keys, the distinct photos in turn, {@link #UPLOADS_PER_SECOND} a second. */
    private static void uploadAtPace(List<Path> photos) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            pace.scheduleAtFixedRate(
                    () -> {
                        int n = next.get();
                        if (n >= PHOTOS || failed.get() != null) {
                            return;
                        }
                        try {
                            s3.putObject(
                                    b -> b.bucket(stack.inputBucket())
                                            .key(key(n))
                                            .contentType("image/jpeg"),
                                    RequestBody.fromFile(photos.get(n % photos.size())));
                            next.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.set(e);
                        }
                    },
                    0,
                    1_000_000 / UPLOADS_PER_SECOND,
                    TimeUnit.MICROSECONDS);
            await().atMost(Duration.ofMinutes(2)).until(() -> next.get() >= PHOTOS || failed.get() != null);
            if (failed.get() != null) {
                throw failed.get();
            }
        } finally {
            pace.shutdownNow();
        }
    }

    private static String key(int n) {
        return PREFIX + "photo" + n + ".jpg";
    }

    private static List<Outcome> terminal(TopicReader outcomes) {
        return outcomes.outcomes(k -> k.startsWith(stack.inputBucket() + "/" + PREFIX), List.of(INSTANCE)).stream()
                .filter(o -> TERMINAL.contains(o.decision()))
                .toList();
    }
}
