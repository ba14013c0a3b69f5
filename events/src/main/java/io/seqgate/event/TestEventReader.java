package io.seqgate.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The test message S3 sends when a notification configuration is set on a bucket,
 * {@code {"Service":"Amazon S3","Event":"s3:TestEvent",...}} (AWS user guide, "Event message
 * structure"). It is well-formed and expected, so it is a notice, not an error.
 */
final class TestEventReader {

    static final String TEST_EVENT = "s3:TestEvent";

    private TestEventReader() {}

    static boolean isTestEvent(JsonNode root) {
        return TEST_EVENT.equals(root.path("Event").textValue());
    }

    static Notification read(JsonNode root) {
        return new Notification(
                List.of(),
                List.of(new Notice(root.path("Bucket").textValue(), TEST_EVENT, "S3 test event: no object")));
    }
}
