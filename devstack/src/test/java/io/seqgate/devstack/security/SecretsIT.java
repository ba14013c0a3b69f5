package io.seqgate.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.seqgate.devstack.DevStackExtension;
import io.seqgate.devstack.RunningProcessor;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.EmbeddedS3;
import io.seqgate.devstack.stack.MinioNotifier;
import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A small workload run with recognisable secrets — the S3 secret key and the HTTP bearer token — then a
 * scan of everything seqgate hands out: its log (captured in full, seqgate and the AWS SDK at DEBUG,
 * Kafka at INFO), the outcome and dead-letter records, and the answers of every HTTP endpoint, errors
 * included. Neither secret may appear anywhere. The S3 server is this test's own, with that secret; the
 * broker is the shared one.
 */
@ExtendWith(DevStackExtension.class)
class SecretsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String S3_SECRET = "S3SECRET-" + RUN + "-do-not-leak-7f3a";
    private static final String HTTP_TOKEN = "HTTPTOKEN-" + RUN + "-do-not-leak-91c2";
    private static final String ACCESS_KEY = "seqgate-secrets-it";
    private static final String INPUT = "secrets-in-" + RUN;
    private static final String OUTPUT = "secrets-out-" + RUN;
    private static final String INSTANCE = "secrets-" + RUN;
    /** Loggers turned up for the run, with the level each had. */
    private static final Map<String, Level> RAISED = new LinkedHashMap<>();

    private static DevStack stack;
    private static MinioNotifier notifier;
    private static EmbeddedS3 s3Server;
    private static S3Client s3;
    private static RunningProcessor processor;
    private static OutputStreamAppender<ILoggingEvent> capture;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    static void runAWorkloadWithRecognisableSecrets(DevStack devStack, @TempDir Path stateDir) throws Exception {
        stack = devStack;
        captureTheWholeLog();
        EmbeddedS3.Config s3Config = EmbeddedS3.Config.defaults().withCredentials(ACCESS_KEY, S3_SECRET);
        int port;
        // The notifier names the S3 server's address in each record, so the port is chosen before either starts.
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        notifier = new MinioNotifier(new MinioNotifier.Config(
                stack.bootstrapServers(),
                stack.inputTopic(),
                ACCESS_KEY,
                "http://127.0.0.1:" + port,
                DeliveryFaults.none(),
                Optional.empty()));
        s3Server = EmbeddedS3.start(s3Config.withPort(port), notifier);
        s3Server.createBucket(INPUT);
        s3Server.createBucket(OUTPUT);
        s3Server.subscribe(INPUT);
        s3 = s3Server.newS3Client();

        processor = RunningProcessor.start(
                stack,
                INSTANCE,
                INSTANCE,
                stateDir,
                Map.of(
                        "SEQGATE_INPUT_LOCATIONS", INPUT,
                        "SEQGATE_OUTPUT_BUCKET", OUTPUT,
                        "SEQGATE_S3_ENDPOINT", s3Server.endpoint().toString(),
                        "SEQGATE_S3_ACCESS_KEY", ACCESS_KEY,
                        "SEQGATE_S3_SECRET_KEY", S3_SECRET,
                        "SEQGATE_HTTP_TOKEN", HTTP_TOKEN));

        // Transformed, refused (not an image), and refused by S3 (a control character in the key: FAILED,
        // with a dead letter carrying S3's error), plus a message that is not JSON at all.
        s3.putObject(
                b -> b.bucket(INPUT).key("photos/a.png").contentType("image/png"),
                RequestBody.fromBytes(Pictures.flat(8, 8, 0x336699)));
        s3.putObject(
                b -> b.bucket(INPUT).key("photos/b.png").contentType("image/png"),
                RequestBody.fromBytes(Pictures.flat(8, 8, 0x336699)));
        s3.putObject(
                b -> b.bucket(INPUT).key("notes/readme.png").contentType("image/png"),
                RequestBody.fromString("not a picture"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(stack.inputTopic(), null, notification("photos/ctrl%0A%0D%00%7F.png")));
            producer.send(new ProducerRecord<>(stack.inputTopic(), utf8(INSTANCE), utf8("not json " + RUN)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ourOutcomes().size() >= 4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (processor != null) {
            processor.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (s3Server != null) {
            s3Server.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        capture.stop();
        RAISED.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    private static void captureTheWholeLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Map.Entry<String, Level> raise : Map.of(
                        "io.seqgate",
                        Level.DEBUG,
                        "software.amazon.awssdk",
                        Level.DEBUG,
                        "org.apache.kafka",
                        Level.INFO)
                .entrySet()) {
            Logger logger = context.getLogger(raise.getKey());
            RAISED.put(raise.getKey(), logger.getLevel());
            logger.setLevel(raise.getValue());
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d %level [%thread] %logger - %msg%n%ex");
        encoder.start();
        capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(encoder);
        capture.setOutputStream(LOG);
        capture.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture);
    }

    /** A MinIO-shaped notification of an object that S3 will refuse to look up. */
    private static byte[] notification(String encodedKey) {
        return utf8(
                "{\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"eventName\":\"s3:ObjectCreated:Put\","
                        + "\"s3\":{\"bucket\":{\"name\":\"" + INPUT + "\"},\"object\":{\"key\":\"" + encodedKey
                        + "\",\"sequencer\":\"18A2B3C4D5E6F708\"}}}]}");
    }

    private static List<Outcome> ourOutcomes() {
        List<Outcome> ours = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(stack.config().outcomesTopic())) {
            Outcome o = SeqgateSerdes.outcome().deserializer().deserialize(r.topic(), r.value());
            // The processor also decides what earlier tests left on the shared input topic (IGNORED: not its bucket).
            if (INSTANCE.equals(o.instance()) && INPUT.equals(o.bucket())) {
                ours.add(o);
            }
        }
        return ours;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (TopicRecords<byte[], byte[]> records = TopicRecords.raw(stack.bootstrapServers(), topic)) {
            return records.readToEnd(Duration.ofSeconds(30));
        }
    }

    /** Every byte of a record: key, value, and each header's name and value. */
    private static String everything(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder s = new StringBuilder();
        if (r.key() != null) {
            s.append(new String(r.key(), StandardCharsets.UTF_8));
        }
        if (r.value() != null) {
            s.append('\n').append(new String(r.value(), StandardCharsets.UTF_8));
        }
        for (Header h : r.headers()) {
            s.append('\n')
                    .append(h.key())
                    .append('=')
                    .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(processor.url() + path)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theWorkloadRanEveryPathThatCouldCarryASecret() {
        assertThat(ourOutcomes())
                .extracting(Outcome::decision)
                .contains(Decision.DONE, Decision.UNSUPPORTED, Decision.FAILED);
        assertThat(readAll(stack.config().dlqTopic()))
                .extracting(SecretsIT::everything)
                .anySatisfy(r -> assertThat(r).contains("not json " + RUN))
                .anySatisfy(r -> assertThat(r).contains("sink-failed", INPUT));
    }

    @Test
    void noLogLineNamesTheS3SecretOrTheHttpToken() {
        String log = LOG.toString(StandardCharsets.UTF_8);
        // The capture really holds the run: the startup line, the sink's work and the SDK's requests.
        assertThat(log).contains("Starting seqgate", INPUT, "software.amazon.awssdk");
        assertThat(log).doesNotContain(S3_SECRET).doesNotContain(HTTP_TOKEN);
    }

    @Test
    void noOutcomeOrDeadLetterRecordNamesTheS3SecretOrTheHttpToken() {
        for (String topic :
                List.of(stack.config().outcomesTopic(), stack.config().dlqTopic())) {
            List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
            assertThat(records).as(topic).isNotEmpty();
            assertThat(records)
                    .extracting(SecretsIT::everything)
                    .as(topic)
                    .noneMatch(r -> r.contains(S3_SECRET) || r.contains(HTTP_TOKEN));
        }
    }

    @Test
    void noHttpAnswerNamesTheS3SecretOrTheHttpToken() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (String path : List.of(
                "/objects/" + INPUT + "/photos/a.png",
                "/objects/" + INPUT + "/notes/readme.png",
                "/objects/" + INPUT + "/missing.png",
                "/objects?bucket=" + INPUT,
                "/objects?limit=0",
                "/instances",
                "/metrics",
                "/health/live",
                "/health/ready",
                "/nothing-here")) {
            answers.put(path + " with the token", get(path, HTTP_TOKEN));
            answers.put(path + " without a token", get(path, null));
            answers.put(
                    path + " with a wrong token", get(path, HTTP_TOKEN.substring(0, HTTP_TOKEN.length() - 1) + "x"));
        }
        assertThat(answers.get("/objects/" + INPUT + "/photos/a.png with the token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(answers.get("/metrics with the token").body()).contains("seqgate_outcomes_total");
        answers.forEach((request, answer) -> {
            String whole = answer.headers().map() + "\n" + answer.body();
            assertThat(whole).as(request).doesNotContain(S3_SECRET).doesNotContain(HTTP_TOKEN);
        });
    }
}
