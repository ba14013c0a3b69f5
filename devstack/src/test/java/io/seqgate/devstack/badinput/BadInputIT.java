package io.seqgate.devstack.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.DevStackExtension;
import io.seqgate.devstack.RunningProcessor;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.event.NotificationParser;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.DeadLetters;
import io.seqgate.streams.serde.SeqgateSerdes;
import io.seqgate.transform.Transform;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bad-input corpus through the production topology on the embedded broker and S3: every case ends
 * as its index says — on the dead-letter topic with its reason, or as an outcome with its decision and
 * reason — while the processor stays RUNNING, a good upload sent after them all is transformed, the
 * dead letters show on {@code /metrics}, and the decompression bomb is refused from its header.
 */
@ExtendWith(DevStackExtension.class)
class BadInputIT {

    private static final Logger LOG = LoggerFactory.getLogger(BadInputIT.class);

    /** Small, so that the over-size case is a small file too; every other object is far below it. */
    private static final int MAX_OBJECT_BYTES = 16_384;

    private static final String BOMB = "43-bomb-50000x50000.png";
    private static final long BOMB_RASTER_BYTES = 50_000L * 50_000L * 3;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String INSTANCE = "bad-input-" + RUN;
    private static final String MESSAGE_KEY_PREFIX = "bad-input-" + RUN + "/";
    private static final String OBJECT_PREFIX = "bad-input-" + RUN + "/";
    private static final String GOOD_KEY = OBJECT_PREFIX + "good-after-the-corpus.png";

    private static final List<BadInputCorpus.Case> CASES = BadInputCorpus.cases();
    private static final NotificationParser PARSER = new NotificationParser();
    /** The most any one refusal of the bomb allocated on the worker thread that made it. */
    private static final AtomicLong BOMB_ALLOCATION = new AtomicLong(-1);

    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor processor;
    private static byte[] good;

    /** The dead letters of each case, by file: exactly one each is expected. */
    private static final Map<String, List<ConsumerRecord<byte[], byte[]>>> deadLetters = new HashMap<>();

    private static final Map<String, Outcome> outcomes = new HashMap<>();

    @BeforeAll
    static void sendTheCorpusThenAGoodUpload(DevStack devStack, @TempDir Path stateDir) throws IOException {
        stack = devStack;
        s3 = stack.newS3Client();
        processor = RunningProcessor.start(
                stack,
                INSTANCE,
                INSTANCE,
                stateDir,
                Map.of("SEQGATE_MAX_OBJECT_BYTES", String.valueOf(MAX_OBJECT_BYTES)),
                BadInputIT::measuringBombAllocation);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (BadInputCorpus.Case c : CASES) {
                byte[] key = (MESSAGE_KEY_PREFIX + c.file()).getBytes(StandardCharsets.UTF_8);
                switch (c.via()) {
                    case MESSAGE -> producer.send(new ProducerRecord<>(stack.inputTopic(), key, c.bytes()));
                    case NULL_VALUE -> producer.send(new ProducerRecord<>(stack.inputTopic(), key, null));
                    case OBJECT ->
                        s3.putObject(
                                b -> b.bucket(stack.inputBucket())
                                        .key(OBJECT_PREFIX + c.file())
                                        .contentType(contentType(c.file())),
                                RequestBody.fromBytes(c.bytes()));
                }
            }
            producer.flush();
        }
        good = Pictures.flat(16, 16, 0x305070);
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(GOOD_KEY).contentType("image/png"), RequestBody.fromBytes(good));
        awaitEveryCaseAndTheGoodUpload();
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** The production transform, timing how much the thread that refuses the bomb allocates doing it. */
    private static Transform measuringBombAllocation(Transform production) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return input -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                return production.apply(input);
            } catch (UnsupportedObjectException e) {
                if (e.getMessage().contains("50000x50000")) {
                    BOMB_ALLOCATION.accumulateAndGet(threads.getCurrentThreadAllocatedBytes() - before, Math::max);
                }
                throw e;
            }
        };
    }

    private static String contentType(String file) {
        if (file.endsWith(".png")) {
            return "image/png";
        }
        if (file.endsWith(".jpg")) {
            return "image/jpeg";
        }
        return file.endsWith(".gif") ? "image/gif" : "application/octet-stream";
    }

    /** The outcome key a case's event is decided under: the object it names or was uploaded as. */
    private static String objectKey(BadInputCorpus.Case c) {
        if (c.via() == BadInputCorpus.Via.OBJECT) {
            return stack.inputBucket() + "/" + OBJECT_PREFIX + c.file();
        }
        List<ObjectEvent> events = PARSER.parse(c.bytes()).events();
        assertThat(events).as("%s names one object", c.file()).hasSize(1);
        return events.get(0).objectKey();
    }

    private static void awaitEveryCaseAndTheGoodUpload() {
        Map<String, BadInputCorpus.Case> byObject = new HashMap<>();
        CASES.stream().filter(c -> !c.deadLettered()).forEach(c -> byObject.put(objectKey(c), c));
        String goodObject = stack.inputBucket() + "/" + GOOD_KEY;
        try (TopicRecords<byte[], byte[]> dlq = TopicRecords.raw(
                        stack.bootstrapServers(), stack.config().dlqTopic());
                TopicRecords<byte[], byte[]> out = TopicRecords.raw(
                        stack.bootstrapServers(), stack.config().outcomesTopic())) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        // all() returns every record seen so far: the maps are rebuilt from them each time.
                        deadLetters.clear();
                        for (ConsumerRecord<byte[], byte[]> r : dlq.all()) {
                            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                            if (key.startsWith(MESSAGE_KEY_PREFIX)) {
                                deadLetters
                                        .computeIfAbsent(
                                                key.substring(MESSAGE_KEY_PREFIX.length()), k -> new ArrayList<>())
                                        .add(r);
                            }
                        }
                        outcomes.clear();
                        for (ConsumerRecord<byte[], byte[]> r : out.all()) {
                            Outcome o = SeqgateSerdes.outcome().deserializer().deserialize(r.topic(), r.value());
                            String key = new String(r.key(), StandardCharsets.UTF_8);
                            if (o.instance().equals(INSTANCE)
                                    && (byObject.containsKey(key) || key.equals(goodObject))) {
                                outcomes.put(key, o);
                            }
                        }
                        long expectedDeadLetters = CASES.stream()
                                .filter(BadInputCorpus.Case::deadLettered)
                                .count();
                        return deadLetters.size() == expectedDeadLetters && outcomes.size() == byObject.size() + 1;
                    });
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theCorpusHasACaseForEachKindOfBadInputTheIssueNames() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);
        assertThat(CASES)
                .extracting(BadInputCorpus.Case::expect)
                .contains("DLQ", "UNSUPPORTED", "IGNORED", "SUPERSEDED", "FAILED");
    }

    @Test
    void everyUnparseableCaseIsDeadLetteredOnceAsSentWithItsReason() {
        SoftAssertions softly = new SoftAssertions();
        for (BadInputCorpus.Case c :
                CASES.stream().filter(BadInputCorpus.Case::deadLettered).toList()) {
            softly.assertThat(deadLetters.get(c.file()))
                    .as("%s: dead letters", c.file())
                    .hasSize(1);
            ConsumerRecord<byte[], byte[]> dead = deadLetters.get(c.file()).get(0);
            softly.assertThat(header(dead, DeadLetters.KIND))
                    .as("%s: kind", c.file())
                    .isEqualTo(DeadLetterKinds.UNPARSEABLE);
            softly.assertThat(header(dead, DeadLetters.REASON))
                    .as("%s: reason", c.file())
                    .contains(c.reason());
            softly.assertThat(dead.value())
                    .as("%s: the message as it came", c.file())
                    .isEqualTo(c.via() == BadInputCorpus.Via.NULL_VALUE ? null : c.bytes());
        }
        softly.assertAll();
    }

    @Test
    void everyOtherCaseEndsAsAnOutcomeWithItsDecisionAndReason() {
        SoftAssertions softly = new SoftAssertions();
        for (BadInputCorpus.Case c :
                CASES.stream().filter(c -> !c.deadLettered()).toList()) {
            Outcome outcome = outcomes.get(objectKey(c));
            softly.assertThat(outcome.decision())
                    .as("%s: decision (%s)", c.file(), outcome.reason())
                    .isEqualTo(Decision.valueOf(c.expect()));
            softly.assertThat(outcome.reason()).as("%s: reason", c.file()).contains(c.reason());
        }
        softly.assertAll();
    }

    @Test
    void theGoodUploadAfterTheCorpusIsTransformedAndTheProcessorStaysRunning() throws IOException {
        Outcome outcome = outcomes.get(stack.inputBucket() + "/" + GOOD_KEY);
        assertThat(outcome.decision()).as(outcome.reason()).isEqualTo(Decision.DONE);
        byte[] output = s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(GOOD_KEY))
                .asByteArray();
        BufferedImage in = ImageIO.read(new ByteArrayInputStream(good));
        BufferedImage inverted = ImageIO.read(new ByteArrayInputStream(output));
        assertThat(inverted.getRGB(3, 5) & 0xFFFFFF).isEqualTo(~in.getRGB(3, 5) & 0xFFFFFF);
        assertThat(processor.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void theDecompressionBombIsRefusedFromItsHeaderAllocatingAFractionOfItsRaster() {
        assertThat(outcomes.get(stack.inputBucket() + "/" + OBJECT_PREFIX + BOMB)
                        .reason())
                .contains("50000x50000 = 2500000000 pixels, over the limit");
        // The refusal ran on a sink worker; what that thread allocated meanwhile bounds what decoding took.
        LOG.info(
                "Refusing the {}-byte decompression bomb allocated {} bytes on its sink worker ({} bytes of pixels declared)",
                BadInputCorpus.resource(BOMB).length,
                BOMB_ALLOCATION.get(),
                BOMB_RASTER_BYTES);
        assertThat(BOMB_ALLOCATION.get())
                .as("bytes allocated refusing the bomb")
                .isBetween(0L, BOMB_RASTER_BYTES / 1000);
    }

    @Test
    void metricsCountEveryDeadLetterAndUnparseableMessage() throws Exception {
        String scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(processor.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        long corpusDeadLetters =
                CASES.stream().filter(BadInputCorpus.Case::deadLettered).count();
        // At least the corpus's: the processor also reads what earlier tests put on the shared input topic.
        assertThat(sample(scrape, "seqgate_dead_letters_total{kind=\"unparseable\"}"))
                .isGreaterThanOrEqualTo(corpusDeadLetters);
        assertThat(sample(scrape, "seqgate_outcomes_total{decision=\"INVALID\"}"))
                .isEqualTo(sample(scrape, "seqgate_dead_letters_total{kind=\"unparseable\"}"));
        long corpusFailed =
                CASES.stream().filter(c -> c.expect().equals("FAILED")).count();
        assertThat(sample(scrape, "seqgate_dead_letters_total{kind=\"sink-failed\"}"))
                .isGreaterThanOrEqualTo(corpusFailed);
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        assertThat(m.find()).as("%s in /metrics", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
