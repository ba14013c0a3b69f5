package io.seqgate.event;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads one input message, in any of the shapes that arrive on the same topic (docs/design.md §3), into
 * normalised {@link ObjectEvent}s:
 * <ul>
 *   <li>MinIO's Kafka target: {@code {"EventName","Key","Records":[one record]}}. Bucket and key come
 *       from the record, like every other Records shape; the envelope's {@code Key} is not used.</li>
 *   <li>S3 native (SQS, Lambda, SNS raw delivery): {@code {"Records":[...]}}, one event per record,
 *       in message order.</li>
 *   <li>SNS envelope: {@code {"Type":"Notification","Message":"<S3 JSON as a string>"}}; the inner
 *       message may be Records or the S3 test event.</li>
 *   <li>EventBridge: {@code {"source":"aws.s3","detail-type":...,"detail":{...}}}.</li>
 *   <li>The S3 test event {@code {"Service":"Amazon S3","Event":"s3:TestEvent",...}}: no object
 *       event, one {@link Notice}.</li>
 * </ul>
 *
 * <p><b>Why Jackson's tree and not the AWS SDK's {@code S3EventNotification.fromJson}.</b> Checked
 * against {@code s3-event-notifications} 2.57.8: it fails the whole message with a
 * {@code DateTimeParseException} when {@code eventTime} does not parse, but the time is only
 * informational here (order comes from the sequencer); it has no field for MinIO's
 * {@code contentType} (unknown fields are silently dropped); it reads only the Records shape, so the
 * other shapes need a Jackson tree anyway and the SDK would parse every message a second time with its
 * own shaded Jackson; and bad input surfaces as a mix of {@code IllegalArgumentException},
 * {@code UncheckedIOException}, {@code DateTimeParseException} and, for {@code "Records":[null]},
 * a {@code NullPointerException}. Its key decoding, {@code URLDecoder.decode(key, UTF_8)}, turns
 * percent-escapes that are not UTF-8 into U+FFFD; the strict decoding below rejects them instead.
 *
 * <p><b>What is rejected.</b> Anything that would leave an event without a bucket, key, or event name,
 * or whose fields have the wrong JSON type, throws {@link InvalidNotificationException} naming the
 * field ({@code Records[1].s3.object.size is a JSON string ("12"), expected a whole number}), so
 * the raw message goes to the dead letter topic with an explanation. An empty {@code Records} array
 * is rejected too: neither S3 nor MinIO sends one, so it means a broken producer, and yielding nothing
 * would hide it. So is text that is not valid Unicode: a lone surrogate (a JSON escape can write one)
 * has no UTF-8 form, so it names no S3 object, and Kafka's string serializer would turn it into
 * {@code '?'}, giving two objects one key. So is a field longer than its {@link Limit}: one clear
 * reason here instead of a failure deep inside a serializer. Only {@code eventTime}/{@code time} is
 * lenient: an unreadable time becomes null.
 *
 * <p>Stateless and thread-safe; one instance can serve every stream thread.
 */
public final class NotificationParser {

    // ObjectMapper is thread-safe once configured. Trailing tokens are an error so that two messages
    // glued together ("{...}{...}") are not half-read.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String TEST_EVENT = "s3:TestEvent";
    private static final int EXCERPT = 60;
    // Event times are kept as epoch milliseconds (Long.MIN_VALUE meaning "none" in the repartition serde).
    private static final Instant MIN_EVENT_TIME = Instant.ofEpochMilli(Long.MIN_VALUE + 1);
    private static final Instant MAX_EVENT_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

    /**
     * The S3 object detail-types of EventBridge and what each means for the output (Amazon EventBridge
     * events reference, "Amazon Simple Storage Service events"; S3 user guide, "Amazon EventBridge
     * mapping and troubleshooting"). Anything else from source aws.s3 — notably "AWS API Call via
     * CloudTrail", which a rule on the default bus for aws.s3 also matches — is not an object event.
     */
    private static final Map<String, EventKind> EVENTBRIDGE_OBJECT_EVENTS = Map.of(
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

    /**
     * Longest accepted value of each field, in UTF-8 bytes. The key and bucket limits are S3's own, so
     * a longer value names no object; the others are far above anything S3 or MinIO sends and keep a
     * broken producer's megabyte "eventName" out of the state store.
     */
    enum Limit {
        // AWS user guide, "Naming Amazon S3 objects": "a sequence of Unicode characters encoded in
        // UTF-8, with a maximum length of 1,024 bytes". MinIO refuses longer names the same way
        // (cmd/object-api-utils.go, checkObjectNameForLengthAndSlash).
        KEY(1024, "S3 object keys are at most 1024 bytes"),
        // AWS user guide, "General purpose bucket naming rules": "between 3 (min) and 63 (max)
        // characters long"; MinIO: cmd/object-api-utils.go, IsValidBucketName.
        BUCKET(63, "S3 bucket names are at most 63 characters"),
        // AWS API reference (S3 object version fields): "Version IDs are Unicode, UTF-8 encoded,
        // URL-ready, opaque strings that are no more than 1,024 bytes long".
        VERSION_ID(1024, "S3 version ids are at most 1024 bytes"),
        // The longest name S3 or MinIO defines has 48 characters
        // (s3:Replication:OperationReplicatedAfterThreshold, MinIO internal/event/name.go).
        EVENT_NAME(256, "seqgate accepts event names of at most 256 bytes"),
        // S3's are about 18 hex digits, MinIO's 16 (nanoseconds in hex).
        SEQUENCER(256, "seqgate accepts sequencers of at most 256 bytes"),
        // An MD5 in hex, plus "-<parts>" after a multipart upload.
        ETAG(256, "seqgate accepts eTags of at most 256 bytes");

        final int maxBytes;
        final String rule;

        Limit(int maxBytes, String rule) {
            this.maxBytes = maxBytes;
            this.rule = rule;
        }
    }

    /**
     * Parses one message.
     *
     * @param message the raw message value, UTF-8 JSON
     * @return its object events and notices; never both empty
     * @throws InvalidNotificationException when the message is empty, not UTF-8, not JSON, or not a
     *     notification shape seqgate knows, with a message saying which
     */
    public Notification parse(byte[] message) {
        // The common message first, read as a stream; it answers only when the tree path would agree.
        if (message != null && isPlainAscii(message)) {
            Notification records = RecordsStream.read(message);
            if (records != null) {
                return records;
            }
        }
        return parseAsTree(message);
    }

    /** {@link #parse} without the streaming path: the reference {@link RecordsStream} must agree with. */
    static Notification parseAsTree(byte[] message) {
        if (message == null || message.length == 0) {
            throw new InvalidNotificationException("empty message");
        }
        // Almost every notification is ASCII (S3 and MinIO URL-encode the key), so the JSON parser can
        // read the bytes as they are; anything else is first checked and decoded as strict UTF-8.
        return parseTopLevel(nonEmpty(isPlainAscii(message) ? readJson(message) : readJson(utf8(message), "message")));
    }

    private static JsonNode nonEmpty(JsonNode root) {
        if (root.isMissingNode()) {
            throw new InvalidNotificationException("empty message (only whitespace)");
        }
        return root;
    }

    private static Notification parseTopLevel(JsonNode root) {
        requireObject(root, At.WHOLE_MESSAGE);
        if (root.has("Records")) {
            return records(root.get("Records"), At.TOP, false);
        }
        if (isTestEvent(root)) {
            return testEvent(root);
        }
        if ("Notification".equals(root.path("Type").textValue()) && root.has("Message")) {
            return snsEnvelope(root.get("Message"));
        }
        if ("aws.s3".equals(root.path("source").textValue())) {
            return eventBridge(root);
        }
        String hint = root.has("detail") && root.path("source").isTextual()
                ? " (an EventBridge event from source '"
                        + excerpt(root.get("source").textValue()) + "', not aws.s3)"
                : "";
        throw new InvalidNotificationException("JSON but no known notification shape" + hint
                + ": no Records, no EventBridge detail from source aws.s3, no SNS Message, no S3 test event;"
                + " top-level fields: " + fieldNames(root));
    }

    private static Notification snsEnvelope(JsonNode message) {
        if (!message.isTextual()) {
            throw new InvalidNotificationException("SNS envelope: Message is " + describe(message)
                    + ", expected a string holding the S3 notification JSON");
        }
        JsonNode inner = readJson(message.textValue(), "SNS envelope: Message");
        if (inner.isMissingNode()) {
            throw new InvalidNotificationException("SNS envelope: Message is empty");
        }
        requireObject(inner, At.SNS_ENVELOPE_MESSAGE);
        if (inner.has("Records")) {
            return records(inner.get("Records"), At.SNS_MESSAGE, true);
        }
        if (isTestEvent(inner)) {
            return testEvent(inner);
        }
        throw new InvalidNotificationException("SNS envelope: Message holds no S3 notification:"
                + " no Records, no S3 test event; its top-level fields: " + fieldNames(inner));
    }

    private static boolean isTestEvent(JsonNode root) {
        return TEST_EVENT.equals(root.path("Event").textValue());
    }

    // S3 sends this test message when a notification configuration is set on a bucket (AWS user guide,
    // "Event message structure"). It is well-formed and expected, so it is a notice, not an error.
    private static Notification testEvent(JsonNode root) {
        return new Notification(
                List.of(),
                List.of(new Notice(root.path("Bucket").textValue(), TEST_EVENT, "S3 test event: no object")));
    }

    private static Notification records(JsonNode records, At context, boolean viaSns) {
        if (!records.isArray()) {
            throw new InvalidNotificationException(
                    context.field("Records") + " is " + describe(records) + ", expected an array");
        }
        if (records.isEmpty()) {
            throw new InvalidNotificationException(context.field("Records") + " is empty: S3 and MinIO never send"
                    + " an empty Records array, so the producer of this message is broken");
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(record(records.get(i), context.element("Records", i), viaSns));
        }
        return new Notification(events, List.of());
    }

    private static ObjectEvent record(JsonNode record, At at, boolean viaSns) {
        requireObject(record, at);
        String eventName = withoutS3Prefix(
                bounded(requiredText(record, "eventName", at), Limit.EVENT_NAME, at.field("eventName")));
        String source = viaSns ? "sns" : "minio:s3".equals(optionalText(record, "eventSource", at)) ? "minio" : "s3";
        JsonNode s3 = requiredObject(record, "s3", at);
        At s3At = at.field("s3");
        String bucket = bucket(requiredObject(s3, "bucket", s3At), s3At.field("bucket"));
        JsonNode object = requiredObject(s3, "object", s3At);
        At objectAt = s3At.field("object");
        String key = decodeKey(requiredText(object, "key", objectAt), objectAt.field("key"));
        return new ObjectEvent(
                bucket,
                key,
                eventName,
                EventKind.ofEventName(eventName),
                sequencer(object, objectAt),
                eTag(bounded(optionalText(object, "eTag", objectAt), Limit.ETAG, objectAt.field("eTag"))),
                versionId(object, "versionId", objectAt),
                size(object, objectAt),
                nonBlank(optionalText(object, "contentType", objectAt)),
                eventTime(record.get("eventTime")),
                source);
    }

    // MinIO names its events with the "s3:" prefix of the notification configuration
    // ("s3:ObjectCreated:Put"); S3 does not ("ObjectCreated:Put"). One name per event type downstream.
    static String withoutS3Prefix(String eventName) {
        return eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    }

    private static String bucket(JsonNode bucket, At at) {
        return bounded(requiredText(bucket, "name", at), Limit.BUCKET, at.field("name"));
    }

    // AWS user guide, "Event message structure": "The object key name value is URL encoded. For
    // example, "red flower.jpg" becomes "red+flower.jpg"". That is form encoding (a literal '+' arrives
    // as "%2B", '/' as "%2F" from MinIO), the same as java.net.URLDecoder undoes. Decoded here rather
    // than with URLDecoder because URLDecoder replaces bytes that are not UTF-8 with U+FFFD instead of
    // failing: such a key names no object and must be rejected, while a key that really contains
    // U+FFFD ("%EF%BF%BD") is valid. A strict decoder tells the two apart; looking for U+FFFD cannot.
    static String decodeKey(String encoded, At at) {
        StringBuilder key = new StringBuilder(encoded.length());
        // Consecutive escapes are one run of bytes: a multi-byte UTF-8 character spans several.
        byte[] run = null;
        CharsetDecoder strict = null;
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '%') {
                key.append(c == '+' ? ' ' : c);
                i++;
                continue;
            }
            if (run == null) {
                run = new byte[encoded.length() / 3];
            }
            int length = 0;
            boolean ascii = true;
            while (i < encoded.length() && encoded.charAt(i) == '%') {
                int high = i + 1 < encoded.length() ? hexValue(encoded.charAt(i + 1)) : -1;
                int low = i + 2 < encoded.length() ? hexValue(encoded.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidNotificationException(at + " \"" + excerpt(encoded)
                            + "\" is not valid URL encoding: '%' at index " + i + " is not followed by two hex digits");
                }
                run[length++] = (byte) (high << 4 | low);
                ascii &= high < 8;
                i += 3;
            }
            if (ascii) { // "%2F" and the like: each byte is its own character, nothing to validate
                for (int b = 0; b < length; b++) {
                    key.append((char) run[b]);
                }
                continue;
            }
            if (strict == null) {
                strict = UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                key.append(strict.decode(ByteBuffer.wrap(run, 0, length)));
            } catch (CharacterCodingException e) {
                throw new InvalidNotificationException(
                        at + " \"" + excerpt(encoded) + "\" has percent-escapes that are not UTF-8", e);
            }
        }
        String decoded = key.toString();
        int bytes = utf8Length(decoded);
        if (bytes > Limit.KEY.maxBytes) {
            throw new InvalidNotificationException(
                    at + " decodes to a key of " + bytes + " bytes (UTF-8); " + Limit.KEY.rule);
        }
        return decoded;
    }

    // ASCII only: Character.digit would also take fullwidth and other scripts' digits.
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    // The sequencer is kept as sent (case and all): Sequencers.compare ignores case, and outcomes
    // should show what S3 sent. Events without one (restore, replication, ...) carry none.
    private static String sequencer(JsonNode object, At at) {
        return nonBlank(bounded(optionalText(object, "sequencer", at), Limit.SEQUENCER, at.field("sequencer")));
    }

    private static String versionId(JsonNode object, String field, At at) {
        return nonBlank(bounded(optionalText(object, field, at), Limit.VERSION_ID, at.field(field)));
    }

    // S3 sends the eTag bare in notifications but quoted in HTTP headers, and some producers copy the
    // header value; If-Match in the sink adds its own quotes.
    static String eTag(String eTag) {
        String value = nonBlank(eTag);
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = nonBlank(value.substring(1, value.length() - 1));
        }
        return value;
    }

    private static Long size(JsonNode parent, At at) {
        JsonNode size = parent.get("size");
        if (size == null || size.isNull()) {
            return null;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new InvalidNotificationException(
                    at.field("size") + " is " + describe(size) + ", expected a whole number of bytes");
        }
        return size.longValue();
    }

    // Lenient on purpose: the time only feeds outcome timings, order comes from the sequencer, so an
    // odd or missing time must not send an otherwise good event to the dead letter topic.
    private static Instant eventTime(JsonNode time) {
        return time == null || !time.isTextual() ? null : eventTime(time.textValue());
    }

    static Instant eventTime(String time) {
        try {
            Instant parsed = EventTimes.parse(time.trim());
            // Instant.parse takes years up to ±1e9, but everything downstream stores epoch
            // milliseconds, which overflow far sooner (toEpochMilli throws ArithmeticException).
            return parsed.isBefore(MIN_EVENT_TIME) || parsed.isAfter(MAX_EVENT_TIME) ? null : parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Notification eventBridge(JsonNode root) {
        At at = At.EVENTBRIDGE;
        String detailType = bounded(requiredText(root, "detail-type", at), Limit.EVENT_NAME, at.field("detail-type"));
        // Classified by detail-type first: only an object event has the detail of one.
        EventKind kind = EVENTBRIDGE_OBJECT_EVENTS.get(detailType);
        if (kind == null) {
            return new Notification(
                    List.of(),
                    List.of(new Notice(
                            null,
                            detailType,
                            "EventBridge detail-type '" + excerpt(detailType) + "' is not an S3 object event")));
        }
        JsonNode detail = requiredObject(root, "detail", at);
        At detailAt = at.field("detail");
        String bucket = bucket(requiredObject(detail, "bucket", detailAt), detailAt.field("bucket"));
        JsonNode object = requiredObject(detail, "object", detailAt);
        At objectAt = detailAt.field("object");
        // Decoded like a Records key. AWS documents the encoding only for the Records structure; its
        // "EventBridge event message structure" page is silent on detail.object.key. AWS's own Lambda
        // Powertools for Python decodes it with unquote_plus (data_classes/s3_event.py,
        // S3EventBridgeNotificationObject.key), i.e. form decoding, so do the same. Not verified
        // against a real bucket: a key with '+' or '%' sent through EventBridge would settle it.
        String key = decodeKey(requiredText(object, "key", objectAt), objectAt.field("key"));
        String eventName = bounded(
                eventBridgeName(
                        detailType,
                        optionalText(detail, "reason", detailAt),
                        optionalText(detail, "deletion-type", detailAt)),
                Limit.EVENT_NAME,
                At.EVENTBRIDGE_NAME);
        ObjectEvent event = new ObjectEvent(
                bucket,
                key,
                eventName,
                kind,
                sequencer(object, objectAt),
                eTag(bounded(optionalText(object, "etag", objectAt), Limit.ETAG, objectAt.field("etag"))),
                versionId(object, "version-id", objectAt),
                size(object, objectAt),
                null,
                eventTime(root.get("time")),
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
    private static String eventBridgeName(String detailType, String reason, String deletionType) {
        StringJoiner name = new StringJoiner(":");
        for (String part : new String[] {detailType, reason, deletionType}) {
            String compact = part == null ? "" : part.replace(" ", "");
            if (!compact.isEmpty()) {
                name.add(compact);
            }
        }
        return name.toString();
    }

    // RFC 8259 §8.1: JSON exchanged between systems must be UTF-8. Decoding strictly here gives the
    // operator the byte offset instead of a parser complaint about some character later on.
    private static String utf8(byte[] message) {
        CharsetDecoder decoder = UTF_8.newDecoder(); // reports malformed input by default
        ByteBuffer in = ByteBuffer.wrap(message);
        CharBuffer out = CharBuffer.allocate(message.length); // UTF-8 never has more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidNotificationException("not UTF-8: invalid byte sequence at byte offset " + in.position());
        }
        return out.flip().toString();
    }

    /**
     * True when every byte is ASCII other than NUL. Such bytes are the same text in UTF-8 as in ASCII,
     * and Jackson reads them as UTF-8 exactly as it reads the decoded string: its encoding detection
     * only looks elsewhere than UTF-8 for a byte-order mark (not ASCII) or zero bytes (excluded).
     */
    static boolean isPlainAscii(byte[] message) {
        int i = 0;
        // Eight bytes at a time: a high bit set is not ASCII; (w - 0x01..) & ~w & 0x80.. finds a zero byte.
        for (; i + Long.BYTES <= message.length; i += Long.BYTES) {
            long w = (long) LONGS.get(message, i);
            if ((w & 0x8080808080808080L) != 0 || ((w - 0x0101010101010101L) & ~w & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < message.length; i++) {
            if (message[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode readJson(byte[] asciiMessage) {
        try {
            return JSON.readTree(asciiMessage);
        } catch (JsonProcessingException e) {
            throw notJson("message", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array", e); // no I/O happens on an array
        }
    }

    private static JsonNode readJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw notJson(what, e);
        }
    }

    private static InvalidNotificationException notJson(String what, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String location = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
        return new InvalidNotificationException(what + " is not JSON: " + e.getOriginalMessage() + location, e);
    }

    private static void requireObject(JsonNode node, At at) {
        if (!node.isObject()) {
            throw new InvalidNotificationException(at + " is " + describe(node) + ", expected a JSON object");
        }
    }

    private static JsonNode requiredObject(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidNotificationException(at.field(field) + " is missing");
        }
        requireObject(node, at.field(field));
        return node;
    }

    private static String requiredText(JsonNode parent, String field, At at) {
        String value = optionalText(parent, field, at);
        if (value == null || value.isBlank()) {
            throw new InvalidNotificationException(at.field(field) + (value == null ? " is missing" : " is empty"));
        }
        return value;
    }

    private static String optionalText(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidNotificationException(at.field(field) + " is " + describe(node) + ", expected a string");
        }
        String text = node.textValue();
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw new InvalidNotificationException(at.field(field) + " is not valid Unicode: lone surrogate U+"
                    + Integer.toHexString(text.charAt(lone)).toUpperCase(Locale.ROOT) + " at index " + lone
                    + ", which has no UTF-8 form");
        }
        return text;
    }

    /** Index of the first surrogate that is not half of a pair, or -1 when there is none. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String bounded(String value, Limit limit, At at) {
        if (value != null) {
            int bytes = utf8Length(value);
            if (bytes > limit.maxBytes) {
                throw new InvalidNotificationException(at + " is " + bytes + " bytes long (UTF-8); " + limit.rule);
            }
        }
        return value;
    }

    // Counts without encoding: the value may be megabytes. Only called on text without lone surrogates.
    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Where a value sits in the message, for error messages: {@code Records[0].s3.object.key}, or after a
     * shape prefix ending in a space, {@code EventBridge event: detail.object.key}. One link per level,
     * spelled out only when an error names it: building every path up front cost a tenth of the time
     * of parsing a valid message.
     */
    static final class At {

        static final At TOP = new At(null, "", -1);
        static final At SNS_MESSAGE = new At(null, "SNS Message: ", -1);
        static final At EVENTBRIDGE = new At(null, "EventBridge event: ", -1);
        static final At WHOLE_MESSAGE = new At(null, "message", -1);
        static final At SNS_ENVELOPE_MESSAGE = new At(null, "SNS envelope: Message", -1);
        static final At EVENTBRIDGE_NAME =
                new At(null, "EventBridge event name (detail-type, detail.reason and detail.deletion-type)", -1);

        private final At parent;
        private final String name;
        private final int index;

        private At(At parent, String name, int index) {
            this.parent = parent;
            this.name = name;
            this.index = index;
        }

        At field(String field) {
            return new At(this, field, -1);
        }

        At element(String array, int i) {
            return new At(this, array, i);
        }

        // A root that is empty or ends in a space is a prefix: its first field follows without a dot.
        private boolean isPrefix() {
            return parent == null && (name.isEmpty() || name.endsWith(" "));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(64);
            appendTo(text);
            return text.toString();
        }

        private void appendTo(StringBuilder text) {
            if (parent != null) {
                parent.appendTo(text);
                if (!parent.isPrefix()) {
                    text.append('.');
                }
            }
            text.append(name);
            if (index >= 0) {
                text.append('[').append(index).append(']');
            }
        }
    }

    static String nonBlank(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** E.g. {@code a JSON string ("12")}: the type, and enough of the value to find it in the message. */
    private static String describe(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        if (node.isValueNode()) {
            return "a JSON " + type + " (" + excerpt(node.toString()) + ")";
        }
        return node.isEmpty() ? "an empty JSON " + type : "a JSON " + type;
    }

    private static String fieldNames(JsonNode object) {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        Iterator<String> it = object.fieldNames();
        for (int i = 0; it.hasNext(); i++) {
            if (i == 10) {
                names.add("...");
                break;
            }
            names.add(excerpt(it.next()));
        }
        return names.toString();
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
