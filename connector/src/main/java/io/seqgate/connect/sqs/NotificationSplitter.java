package io.seqgate.connect.sqs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqgate.event.InvalidNotificationException;
import io.seqgate.event.Notification;
import io.seqgate.event.NotificationParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one SQS message body into the Kafka records seqgate reads straight into its gate: one per
 * object event, keyed {@code bucket/<key as stored>}, its value a notification holding that event only.
 *
 * <ul>
 *   <li>S3's {@code {"Records":[...]}} (one or several records): one {@code {"Records":[record]}} per
 *       record, the record exactly as S3 wrote it.</li>
 *   <li>SNS envelope ({@code {"Type":"Notification","Message":"<S3 JSON>"}}): the same, from the
 *       message inside; the envelope's {@code TopicArn} and {@code MessageId} become headers.</li>
 *   <li>EventBridge event: passed on unchanged, keyed by its object. It already holds exactly one
 *       object event and seqgate reads it as it is; rewriting it as a {@code Records} message would
 *       mean inventing an S3 event name for each EventBridge {@code reason}, a mapping AWS does not
 *       publish.</li>
 *   <li>The S3 test event (also inside SNS): passed on as it is, keyed by its bucket; seqgate records
 *       it as IGNORED.</li>
 * </ul>
 *
 * <p>Validation and keys come from seqgate's own {@link NotificationParser}, so a record this class
 * makes is one seqgate reads, under the same key; a message the parser rejects throws
 * {@link InvalidNotificationException}, naming the field, and no record is made from it.
 */
final class NotificationSplitter {

    /** Header with the ARN of the SNS topic that wrapped the notification. */
    static final String SNS_TOPIC_ARN = "sns.topic.arn";
    /** Header with the SNS message id of the envelope. */
    static final String SNS_MESSAGE_ID = "sns.message.id";

    // Floats as BigDecimal, so that a number written back into a record is the number S3 wrote.
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final NotificationParser parser = new NotificationParser();

    /**
     * One record to write.
     *
     * @param key     {@code bucket/key} for an object event, the bucket (or null) for a test event
     * @param value   the notification, UTF-8 JSON
     * @param headers extra headers (the SNS envelope's topic and message id)
     */
    record Part(String key, byte[] value, Map<String, String> headers) {
        Part {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * @throws InvalidNotificationException when seqgate could not read the message
     */
    List<Part> split(byte[] body) {
        Notification whole = parser.parse(body);
        // The shapes are told apart as NotificationParser tells them apart, in the same order.
        JsonNode root = tree(body);
        if (root.has("Records")) {
            return perRecord(root.get("Records"), Map.of());
        }
        if (isTestEvent(root)) {
            return List.of(new Part(bucketOf(whole), body, Map.of()));
        }
        if ("Notification".equals(root.path("Type").textValue()) && root.has("Message")) {
            Map<String, String> envelope = new LinkedHashMap<>();
            text(root, "TopicArn").ifPresent(arn -> envelope.put(SNS_TOPIC_ARN, arn));
            text(root, "MessageId").ifPresent(id -> envelope.put(SNS_MESSAGE_ID, id));
            byte[] message = root.get("Message").textValue().getBytes(UTF_8);
            JsonNode inner = tree(message);
            return inner.has("Records")
                    ? perRecord(inner.get("Records"), envelope)
                    : List.of(new Part(bucketOf(whole), message, envelope));
        }
        return List.of(new Part(whole.events().get(0).objectKey(), body, Map.of()));
    }

    private List<Part> perRecord(JsonNode records, Map<String, String> headers) {
        List<Part> parts = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            ObjectNode single = JSON.createObjectNode();
            single.putArray("Records").add(record);
            byte[] value = bytes(single);
            // Parsed again on its own, so the key is exactly the one seqgate will gate this value under.
            parts.add(new Part(parser.parse(value).events().get(0).objectKey(), value, headers));
        }
        return parts;
    }

    private static boolean isTestEvent(JsonNode root) {
        return "s3:TestEvent".equals(root.path("Event").textValue());
    }

    private static String bucketOf(Notification testEvent) {
        return testEvent.notices().get(0).bucket();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            // The parser read the same bytes a moment ago.
            throw new UncheckedIOException("JSON the notification parser accepted did not read again", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a JSON tree back", e);
        }
    }
}
