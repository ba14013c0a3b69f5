package io.seqgate.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An SNS notification envelope, {@code {"Type":"Notification","Message":"<S3 JSON as a string>"}}:
 * what SNS delivers to SQS without raw message delivery. The inner message is {@code Records} or the
 * S3 test event.
 */
final class SnsEnvelopeReader {

    private SnsEnvelopeReader() {}

    static boolean isEnvelope(JsonNode root) {
        return "Notification".equals(root.path("Type").textValue()) && root.has("Message");
    }

    static Notification read(JsonNode envelope) {
        JsonNode message = envelope.get("Message");
        if (!message.isTextual()) {
            throw new InvalidNotificationException("SNS envelope: Message is " + JsonFields.describe(message)
                    + ", expected a string holding the S3 notification JSON");
        }
        JsonNode inner = NotificationParser.readJson(message.textValue(), "SNS envelope: Message");
        if (inner.isMissingNode()) {
            throw new InvalidNotificationException("SNS envelope: Message is empty");
        }
        JsonFields.requireObject(inner, At.SNS_ENVELOPE_MESSAGE);
        if (inner.has("Records")) {
            return RecordsReader.read(inner.get("Records"), At.SNS_MESSAGE, true);
        }
        if (TestEventReader.isTestEvent(inner)) {
            return TestEventReader.read(inner);
        }
        throw new InvalidNotificationException("SNS envelope: Message holds no S3 notification:"
                + " no Records, no S3 test event; its top-level fields: " + JsonFields.fieldNames(inner));
    }
}
