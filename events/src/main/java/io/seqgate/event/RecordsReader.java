package io.seqgate.event;

import static io.seqgate.event.JsonFields.optionalText;
import static io.seqgate.event.JsonFields.requireObject;
import static io.seqgate.event.JsonFields.requiredObject;
import static io.seqgate.event.JsonFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Records} shape from a Jackson tree: S3's own message (SQS, Lambda, SNS raw delivery, and
 * inside an SNS envelope) and MinIO's Kafka target's, {@code {"EventName","Key","Records":[one record]}},
 * whose envelope {@code Key} is not used. One event per record, in message order. {@link RecordsStream}
 * reads the same shape from a token stream and must give the same answer.
 */
final class RecordsReader {

    private RecordsReader() {}

    /**
     * @param records the {@code Records} value
     * @param at      where it sits, for errors
     * @param viaSns  whether it came inside an SNS envelope (recorded as the event's source)
     */
    static Notification read(JsonNode records, At at, boolean viaSns) {
        if (!records.isArray()) {
            throw new InvalidNotificationException(
                    at.field("Records") + " is " + JsonFields.describe(records) + ", expected an array");
        }
        if (records.isEmpty()) {
            throw new InvalidNotificationException(at.field("Records") + " is empty: S3 and MinIO never send"
                    + " an empty Records array, so the producer of this message is broken");
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(record(records.get(i), at.element("Records", i), viaSns));
        }
        return new Notification(events, List.of());
    }

    private static ObjectEvent record(JsonNode record, At at, boolean viaSns) {
        requireObject(record, at);
        String eventName = eventName(requiredText(record, "eventName", at), at.field("eventName"));
        String source = viaSns ? "sns" : source(optionalText(record, "eventSource", at));
        JsonNode s3 = requiredObject(record, "s3", at);
        At s3At = at.field("s3");
        At bucketAt = s3At.field("bucket");
        String bucket = ObjectFields.bucket(
                requiredText(requiredObject(s3, "bucket", s3At), "name", bucketAt), bucketAt.field("name"));
        JsonNode object = requiredObject(s3, "object", s3At);
        At objectAt = s3At.field("object");
        return new ObjectEvent(
                bucket,
                ObjectKeys.formDecoded(requiredText(object, "key", objectAt), objectAt.field("key")),
                eventName,
                EventKind.ofEventName(eventName),
                ObjectFields.sequencer(optionalText(object, "sequencer", objectAt), objectAt.field("sequencer")),
                ObjectFields.eTag(optionalText(object, "eTag", objectAt), objectAt.field("eTag")),
                ObjectFields.versionId(optionalText(object, "versionId", objectAt), objectAt.field("versionId")),
                ObjectFields.size(object, objectAt),
                JsonFields.nonBlank(optionalText(object, "contentType", objectAt)),
                ObjectFields.eventTime(record.get("eventTime")),
                source);
    }

    // MinIO names its events with the "s3:" prefix of the notification configuration
    // ("s3:ObjectCreated:Put"); S3 does not ("ObjectCreated:Put"). One name per event type downstream.
    static String eventName(String eventName, At at) {
        String name = FieldLimit.EVENT_NAME.check(eventName, at);
        return name.startsWith("s3:") ? name.substring(3) : name;
    }

    static String source(String eventSource) {
        return "minio:s3".equals(eventSource) ? "minio" : "s3";
    }
}
