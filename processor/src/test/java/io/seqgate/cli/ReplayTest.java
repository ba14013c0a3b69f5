package io.seqgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.config.SeqgateConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqgate replay} over MinIO's real event kinds: what it prints is what the production topology decides. */
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * A message as MinIO's Kafka target sends it (MinIO {@code cmd/event-notification.go}, {@code ToEvent}):
     * event name with "s3:", key form-encoded, eTag and size on everything but Delete,
     * DeleteMarkerCreated and NoOP.
     */
    private static String minio(String eventName, String key, String versionId, String sequencer) {
        boolean bare = eventName.equals("ObjectRemoved:Delete")
                || eventName.equals("ObjectRemoved:DeleteMarkerCreated")
                || eventName.equals("ObjectRemoved:NoOP");
        String content = bare ? "" : ",\"size\":3,\"eTag\":\"e-" + versionId + "\",\"contentType\":\"image/png\"";
        return """
                {"EventName":"s3:%1$s","Key":"input/%2$s","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",\
                "eventTime":"2026-10-01T12:00:00.123Z","eventName":"s3:%1$s","s3":{"s3SchemaVersion":"1.0",\
                "bucket":{"name":"input"},"object":{"key":"%2$s","versionId":"%3$s","sequencer":"%4$s"%5$s}}}]}""".formatted(eventName, key, versionId, sequencer, content);
    }

    private List<String> replay(String... lines) throws IOException {
        Path file = dir.resolve("dump.jsonl");
        Files.write(file, List.of(lines), UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Replay(SeqgateConfig.fromEnv(Map.of("SEQGATE_INSTANCE_ID", "replay-test")))
                .run(file, new PrintStream(out, true, UTF_8));
        return out.toString(UTF_8).lines().toList();
    }

    private static String decision(String line) {
        return json(line).get("event").asText() + " "
                + json(line).get("decision").asText();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void replaysMinioMetadataEventsAsIgnoredWithoutMovingTheGate() throws IOException {
        List<String> lines = replay(
                minio("ObjectCreated:Put", "a.png", "v1", "18A2B3C4D5E6F701"),
                minio("ObjectCreated:Put", "a.png", "v2", "18A2B3C4D5E6F702"),
                // MinIO stamps retention and legal hold with the event time when it has no modification time.
                minio("ObjectCreated:PutRetention", "a.png", "v1", "18A2B3C4D5E6F7A0"),
                minio("ObjectCreated:PutLegalHold", "a.png", "v1", "18A2B3C4D5E6F7A1"),
                minio("ObjectCreated:PutTagging", "a.png", "v2", "18A2B3C4D5E6F702"),
                minio("ObjectCreated:DeleteTagging", "a.png", "v2", "18A2B3C4D5E6F702"),
                minio("ObjectCreated:Put", "a.png", "v2", "18A2B3C4D5E6F702"),
                minio("ObjectRemoved:NoOP", "never-there.png", "", "18A2B3C4D5E6F7B0"));

        assertThat(lines)
                .extracting(ReplayTest::decision)
                .containsExactly(
                        "ObjectCreated:Put ACCEPTED",
                        "ObjectCreated:Put ACCEPTED",
                        "ObjectCreated:PutRetention IGNORED",
                        "ObjectCreated:PutLegalHold IGNORED",
                        "ObjectCreated:PutTagging IGNORED",
                        "ObjectCreated:DeleteTagging IGNORED",
                        "ObjectCreated:Put DUPLICATE",
                        "ObjectRemoved:NoOP IGNORED");
    }

    @Test
    void replaysLifecycleDeleteAllVersionsAtTheLastPutsSequencerAsAccepted() throws IOException {
        List<String> lines = replay(
                minio("ObjectCreated:Put", "a.png", "v1", "18A2B3C4D5E6F701"),
                minio("ObjectRemoved:DeleteAllVersions", "a.png", "v1", "18A2B3C4D5E6F701"),
                minio("ObjectCreated:Put", "a.png", "v1", "18A2B3C4D5E6F701"),
                minio("ObjectRemoved:DeleteAllVersions", "a.png", "v1", "18A2B3C4D5E6F701"));

        assertThat(lines)
                .extracting(ReplayTest::decision)
                .containsExactly(
                        "ObjectCreated:Put ACCEPTED",
                        "ObjectRemoved:DeleteAllVersions ACCEPTED",
                        "ObjectCreated:Put STALE",
                        "ObjectRemoved:DeleteAllVersions DUPLICATE");
    }

    @Test
    void replaysMessageWithFieldOver64KiBAsOneInvalidLine() throws IOException {
        List<String> lines = replay(
                minio("ObjectCreated:Put", "k".repeat(70_000), "v1", "18A2B3C4D5E6F701"),
                minio("ObjectCreated:Put", "a.png", "v1", "18A2B3C4D5E6F701"));

        assertThat(lines).hasSize(2);
        assertThat(json(lines.get(0)).get("line").asInt()).isEqualTo(1);
        assertThat(json(lines.get(0)).get("decision").asText()).isEqualTo("INVALID");
        assertThat(json(lines.get(0)).get("reason").asText())
                .isEqualTo(
                        "Records[0].s3.object.key decodes to a key of 70000 bytes (UTF-8); S3 object keys are at most 1024 bytes");
        assertThat(decision(lines.get(1))).isEqualTo("ObjectCreated:Put ACCEPTED");
    }
}
