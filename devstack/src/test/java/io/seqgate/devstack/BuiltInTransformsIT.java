package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.TopicRecords;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import io.seqgate.sink.OutputMetadata;
import io.seqgate.streams.DeadLetters;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The built-in transforms end to end, each chosen with {@code SEQGATE_TRANSFORM} as a user does: copy
 * gives the input's bytes back, thumbnail with {@code SIZE=64} makes a 256 px PNG 64 px, and http writes
 * what a service in this JVM answers — its refusal UNSUPPORTED, its failure FAILED with a dead letter,
 * the processor running on.
 */
@ExtendWith(DevStackExtension.class)
class BuiltInTransformsIT {

    private static final Duration SETTLED = Duration.ofSeconds(90);

    private static DevStack stack;
    private static S3Client s3;
    private static HttpServer service;

    @BeforeAll
    static void connect(DevStack devStack, S3Client client) throws IOException {
        stack = devStack;
        s3 = client;
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("seqgate-key");
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            byte[] answer;
            if (key.endsWith(".refused")) {
                status = 415;
                answer = "not my kind of file".getBytes(StandardCharsets.UTF_8);
            } else if (key.endsWith(".broken")) {
                status = 500;
                answer = "stack trace".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                answer = ("service saw " + key + ": " + new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/x-service");
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop(0);
    }

    private static RunningProcessor start(String app, Path dir, Map<String, String> settings) {
        HashMap<String, String> env = new HashMap<>(settings);
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + app + "/");
        return RunningProcessor.start(stack, app, app + "-1", dir, env);
    }

    private static void upload(String key, byte[] bytes, String contentType) {
        s3.putObject(
                b -> b.bucket(stack.inputBucket()).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    private static byte[] output(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(stack.outputBucket()).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static String transformOf(String key) {
        return s3.headObject(b -> b.bucket(stack.outputBucket()).key(key))
                .metadata()
                .get(OutputMetadata.TRANSFORM);
    }

    @Test
    void copyWritesTheInputsBytesUnchanged(@TempDir Path dir) {
        String key = "copy-it/notes.txt";
        byte[] text = "line one\nline two ✓\n".getBytes(StandardCharsets.UTF_8);
        try (RunningProcessor ignored = start("copy-it", dir, Map.of("SEQGATE_TRANSFORM", "copy"))) {
            upload(key, text, "text/plain; charset=utf-8");

            await().atMost(SETTLED).until(() -> output(key) != null);
            assertThat(output(key)).isEqualTo(text);
            // The dev stack's S3 server hands the output's content type back without the space before the
            // parameter; the input's comes back as it was given.
            assertThat(s3.headObject(b -> b.bucket(stack.outputBucket()).key(key))
                            .contentType())
                    .isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
            assertThat(transformOf(key)).isEqualTo("copy/1");
        }
    }

    @Test
    void thumbnailWithSize64MakesA256PixelPng64Pixels(@TempDir Path dir) throws IOException {
        String key = "thumbnail-it/square.png";
        try (RunningProcessor ignored = start(
                "thumbnail-it",
                dir,
                Map.of("SEQGATE_TRANSFORM", "thumbnail", "SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "64"))) {
            upload(key, Pictures.flat(256, 256, 0x468ce1), "image/png");

            await().atMost(SETTLED).until(() -> output(key) != null);
            BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(output(key)));
            assertThat(thumbnail.getWidth()).isEqualTo(64);
            assertThat(thumbnail.getHeight()).isEqualTo(64);
            assertThat(transformOf(key)).isEqualTo("thumbnail/1;size=64");
        }
    }

    @Test
    void httpWritesTheServicesAnswerAndEndsItsRefusalUnsupportedAndItsFailureFailed(@TempDir Path dir) {
        String app = "http-it";
        Map<String, String> settings = Map.of(
                "SEQGATE_TRANSFORM", "http",
                "SEQGATE_TRANSFORM_HTTP_URL",
                        "http://127.0.0.1:" + service.getAddress().getPort() + "/transform",
                "SEQGATE_TRANSFORM_HTTP_TIMEOUT", "2s",
                "SEQGATE_S3_RETRY_BUDGET", "1s");
        try (RunningProcessor processor = start(app, dir, settings)) {
            upload(app + "/a b.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
            upload(app + "/x.refused", "?".getBytes(StandardCharsets.UTF_8), "text/plain");
            upload(app + "/x.broken", "!".getBytes(StandardCharsets.UTF_8), "text/plain");

            await().atMost(SETTLED).until(() -> output(app + "/a b.txt") != null);
            assertThat(new String(output(app + "/a b.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("service saw http-it/a%20b.txt: hello");
            assertThat(transformOf(app + "/a b.txt")).isEqualTo("http/1;version=1");
            await().atMost(SETTLED).untilAsserted(() -> {
                assertThat(decisionOf(app + "/x.refused")).isEqualTo(Decision.UNSUPPORTED);
                assertThat(decisionOf(app + "/x.broken")).isEqualTo(Decision.FAILED);
            });
            assertThat(outcome(app + "/x.refused").reason())
                    .isEqualTo("the transform service refused the object (HTTP 415): not my kind of file");
            assertThat(outcome(app + "/x.broken").reason())
                    .startsWith("transform unavailable after ")
                    .endsWith("/transform answered HTTP 500: stack trace");
            await().atMost(SETTLED).until(() -> deadLettered(stack.inputBucket() + "/" + app + "/x.broken"));
            assertThat(processor.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static Outcome outcome(String key) {
        try (TopicReader reader =
                new TopicReader(stack.bootstrapServers(), stack.config().outcomesTopic())) {
            reader.readToEnd();
            List<Outcome> outcomes =
                    reader.outcomes(k -> k.equals(stack.inputBucket() + "/" + key), List.of("http-it-1"));
            return outcomes.isEmpty() ? null : outcomes.get(outcomes.size() - 1);
        }
    }

    private static Decision decisionOf(String key) {
        Outcome outcome = outcome(key);
        return outcome == null ? null : outcome.decision();
    }

    private static boolean deadLettered(String object) {
        try (TopicRecords<byte[], byte[]> dlq =
                TopicRecords.raw(stack.bootstrapServers(), stack.config().dlqTopic())) {
            for (ConsumerRecord<byte[], byte[]> r : dlq.readToEnd(Duration.ofSeconds(30))) {
                Header kind = r.headers().lastHeader(DeadLetters.KIND);
                Header named = r.headers().lastHeader(DeadLetters.OBJECT);
                if (kind != null
                        && named != null
                        && new String(kind.value(), StandardCharsets.UTF_8).equals(DeadLetterKinds.SINK_FAILED)
                        && new String(named.value(), StandardCharsets.UTF_8).equals(object)) {
                    return true;
                }
            }
            return false;
        }
    }
}
