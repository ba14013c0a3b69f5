package io.seqgate.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.NotificationParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlCaptureWriterTest {

    private static final String MULTI_LINE_NOTIFICATION = """
            {"Records":[{"eventName":"ObjectCreated:Put",
              "s3":{"bucket":{"name":"input"},"object":{"key":"a+b.jpg","eTag":"e1","sequencer":"0055AED6DCD90281E5"}}}]}
            """;

    @Test
    void writesOneReplayableNotificationPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.jsonl");
        try (JsonlCaptureWriter writer = new JsonlCaptureWriter(file)) {
            writer.accept(new CapturedMessage("s3-events", 0, "input/a b.jpg", MULTI_LINE_NOTIFICATION));
            writer.accept(new CapturedMessage("s3-events", 3, "input/a b.jpg", MULTI_LINE_NOTIFICATION));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(new NotificationParser()
                            .parse(line.getBytes(StandardCharsets.UTF_8))
                            .events())
                    .singleElement()
                    .satisfies(e -> assertThat(e.objectKey()).isEqualTo("input/a b.jpg"));
        }
    }
}
