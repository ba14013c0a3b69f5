package io.seqgate.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.ReconcileRecords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead-letter records. Three kinds reach {@code s3-events-dlq}: messages that could not be parsed
 * (raw bytes as they came), events whose sink call FAILED (re-encoded as a one-record S3
 * notification, so that copying the record back to the input topic replays exactly that event: the
 * gate accepts again an event whose last attempt failed) — headers say which and why — and records
 * on which a processor threw unexpectedly, which Kafka Streams' exception handler writes with its
 * own error headers ({@link CountingProcessingExceptionHandler}). Each is counted by kind
 * ({@code seqgate_dead_letters_total}), so an alert on bad input needs no consumer of the topic.
 */
public final class DeadLetters {

    public static final String KIND = "seqgate.error.kind";
    public static final String REASON = "seqgate.error.reason";
    public static final String OBJECT = "seqgate.error.object";
    public static final String ORIGIN = "seqgate.error.origin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetters() {}

    static Headers headers(String kind, String reason, String object, RecordMetadata origin) {
        Headers headers = new RecordHeaders();
        headers.add(KIND, utf8(kind));
        headers.add(REASON, utf8(reason));
        if (object != null) {
            headers.add(OBJECT, utf8(object));
        }
        if (origin != null) {
            headers.add(ORIGIN, utf8(origin.topic() + "-" + origin.partition() + "@" + origin.offset()));
        }
        return headers;
    }

    /** The event as an S3 {@code Records} notification with one record, as S3 itself would send it. */
    static byte[] asNotification(ObjectEvent event) {
        boolean reconcile = event.kind() == EventKind.RECONCILE;
        ObjectNode object = JSON.createObjectNode()
                // S3 sends keys form-URL-encoded; the parser decodes them again.
                .put("key", URLEncoder.encode(event.key(), StandardCharsets.UTF_8));
        if (!reconcile) {
            // A reconcile record's sequencer is the gate's, lent for the sink; replayed, it borrows anew.
            object.put("sequencer", event.sequencer());
        }
        if (event.size() != null) {
            object.put("size", event.size());
        }
        if (event.eTag() != null) {
            object.put("eTag", event.eTag());
        }
        if (event.versionId() != null) {
            object.put("versionId", event.versionId());
        }
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", reconcile ? ReconcileRecords.EVENT_SOURCE : "aws:s3")
                .put("eventName", s3EventName(event));
        if (event.eventTime() != null) {
            record.put("eventTime", event.eventTime().toString());
        }
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", event.bucket());
        s3.set("object", object);
        ObjectNode message = JSON.createObjectNode();
        ArrayNode records = message.putArray("Records");
        records.add(record);
        return utf8(message.toString());
    }

    /**
     * An event name the parser maps back to the same kind. S3 and MinIO names already are; the names
     * made up for EventBridge events ({@code ObjectDeleted:DeleteObject}) would read as OTHER in a
     * {@code Records} message, and the replayed event would be IGNORED instead of retried.
     */
    static String s3EventName(ObjectEvent event) {
        String name = event.eventName();
        return switch (event.kind()) {
            case CREATED -> name.startsWith("ObjectCreated:") ? name : "ObjectCreated:Put";
            case REMOVED ->
                name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")
                        ? name
                        : "ObjectRemoved:Delete";
            case OTHER, RECONCILE -> name;
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
