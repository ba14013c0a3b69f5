package io.seqgate.event;

import static io.seqgate.event.JsonFields.optionalText;
import static io.seqgate.event.JsonFields.requiredObject;
import static io.seqgate.event.JsonFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An S3 event delivered by EventBridge, {@code {"source":"aws.s3","detail-type":...,"detail":{...}}}:
 * one object event from {@code detail.bucket} and {@code detail.object}, or a notice when the
 * detail-type is not an object event.
 */
final class EventBridgeReader {

    /**
     * The S3 object detail-types of EventBridge and what each means for the output (Amazon EventBridge
     * events reference, "Amazon Simple Storage Service events"; S3 user guide, "Amazon EventBridge
     * mapping and troubleshooting"). Anything else from source aws.s3 — notably "AWS API Call via
     * CloudTrail", which a rule on the default bus for aws.s3 also matches — is not an object event.
     */
    private static final Map<String, EventKind> OBJECT_EVENTS = Map.of(
            "Object Created", EventKind.CREATED,
            "Object Deleted", EventKind.REMOVED,
            "Object Restore Initiated", EventKind.OTHER,
            "Object Restore Completed", EventKind.OTHER,
            "Object Restore Expired", EventKind.OTHER,
            "Object Tags Added", EventKind.OTHER,
            "Object Tags Deleted", EventKind.OTHER,
            "Object ACL Updated", EventKind.OTHER,
            "Object Storage Class Changed", EventKind.OTHER,
            "Object Access Tier Changed", EventKind.OTHER);

    private EventBridgeReader() {}

    static boolean isFromS3(JsonNode root) {
        return "aws.s3".equals(root.path("source").textValue());
    }

    static Notification read(JsonNode root) {
        At at = At.EVENTBRIDGE;
        String detailType = FieldLimit.EVENT_NAME.check(requiredText(root, "detail-type", at), at.field("detail-type"));
        // Classified by detail-type first: only an object event has the detail of one.
        EventKind kind = OBJECT_EVENTS.get(detailType);
        if (kind == null) {
            return new Notification(
                    List.of(),
                    List.of(new Notice(
                            null,
                            detailType,
                            "EventBridge detail-type '" + JsonFields.excerpt(detailType)
                                    + "' is not an S3 object event")));
        }
        JsonNode detail = requiredObject(root, "detail", at);
        At detailAt = at.field("detail");
        At bucketAt = detailAt.field("bucket");
        String bucket = ObjectFields.bucket(
                requiredText(requiredObject(detail, "bucket", detailAt), "name", bucketAt), bucketAt.field("name"));
        JsonNode object = requiredObject(detail, "object", detailAt);
        At objectAt = detailAt.field("object");
        // Not URL-encoded, unlike a Records key: captured events show ':' and spaces as they are
        // (docs/design.md §3, "Object keys"), so '+' and '%' are the key's own characters.
        String key = ObjectKeys.verbatim(optionalText(object, "key", objectAt), objectAt.field("key"));
        String eventName = FieldLimit.EVENT_NAME.check(
                eventName(
                        detailType,
                        optionalText(detail, "reason", detailAt),
                        optionalText(detail, "deletion-type", detailAt)),
                At.EVENTBRIDGE_NAME);
        ObjectEvent event = new ObjectEvent(
                bucket,
                key,
                eventName,
                kind,
                ObjectFields.sequencer(optionalText(object, "sequencer", objectAt), objectAt.field("sequencer")),
                ObjectFields.eTag(optionalText(object, "etag", objectAt), objectAt.field("etag")),
                ObjectFields.versionId(optionalText(object, "version-id", objectAt), objectAt.field("version-id")),
                ObjectFields.size(object, objectAt),
                null,
                ObjectFields.eventTime(root.get("time")),
                "eventbridge");
        return new Notification(List.of(event), List.of());
    }

    /**
     * EventBridge has no event name, so one is built for outcomes and logs: the detail-type, the
     * {@code reason} and the {@code deletion-type}, each without spaces, joined by ':' and skipping the
     * absent ones, e.g. {@code ObjectCreated:PutObject},
     * {@code ObjectDeleted:DeleteObject:DeleteMarkerCreated},
     * {@code ObjectDeleted:LifecycleExpiration:PermanentlyDeleted}, {@code ObjectRestoreCompleted}.
     * It says "ObjectDeleted", not S3's "ObjectRemoved", so nobody mistakes it for an S3 name; the kind
     * comes from the detail-type, not from this name.
     */
    private static String eventName(String detailType, String reason, String deletionType) {
        StringJoiner name = new StringJoiner(":");
        for (String part : new String[] {detailType, reason, deletionType}) {
            String compact = part == null ? "" : part.replace(" ", "");
            if (!compact.isEmpty()) {
                name.add(compact);
            }
        }
        return name.toString();
    }
}
