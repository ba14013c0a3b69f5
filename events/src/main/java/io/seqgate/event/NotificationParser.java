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
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;

/**
 * Reads one input message, in any of the shapes that arrive on the same topic (docs/design.md §3), into
 * normalised {@link ObjectEvent}s. Each shape has its reader, and {@link #readShape} is the one place
 * that tells them apart:
 * <ul>
 *   <li>{@code {"Records":[...]}}: S3's own message and MinIO's Kafka target's ({@link RecordsReader};
 *       the common ASCII case read as a stream first, {@link RecordsStream});</li>
 *   <li>the S3 test event {@code {"Service":"Amazon S3","Event":"s3:TestEvent",...}}: no object event,
 *       one {@link Notice} ({@link TestEventReader});</li>
 *   <li>an SNS envelope {@code {"Type":"Notification","Message":"<S3 JSON as a string>"}} around either of
 *       those ({@link SnsEnvelopeReader});</li>
 *   <li>EventBridge, {@code {"source":"aws.s3","detail-type":...,"detail":{...}}} ({@link EventBridgeReader}).</li>
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
 * percent-escapes that are not UTF-8 into U+FFFD; {@link ObjectKeys} rejects them instead.
 *
 * <p><b>What is rejected.</b> Anything that would leave an event without a bucket, key, or event name,
 * or whose fields have the wrong JSON type, throws {@link InvalidNotificationException} naming the
 * field ({@link JsonFields}), so the raw message goes to the dead letter topic with an explanation. An
 * empty {@code Records} array is rejected too: neither S3 nor MinIO sends one, so it means a broken
 * producer, and yielding nothing would hide it. So is text that is not valid Unicode, and a field longer
 * than its {@link FieldLimit}: one clear reason here instead of a failure deep inside a serializer. Only
 * {@code eventTime}/{@code time} is lenient: an unreadable time becomes null.
 *
 * <p>Stateless and thread-safe; one instance can serve every stream thread.
 */
public final class NotificationParser {

    // ObjectMapper is thread-safe once configured. Trailing tokens are an error so that two messages
    // glued together ("{...}{...}") are not half-read.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        JsonNode root = isPlainAscii(message) ? readJson(message) : readJson(utf8(message), "message");
        if (root.isMissingNode()) {
            throw new InvalidNotificationException("empty message (only whitespace)");
        }
        JsonFields.requireObject(root, At.WHOLE_MESSAGE);
        return readShape(root);
    }

    /**
     * The message's shape, told by its top-level fields, and that shape's reader. {@code Records} is
     * asked first because {@link RecordsStream} reads any message with a {@code Records} field as that
     * shape, whatever else it holds.
     */
    private static Notification readShape(JsonNode root) {
        if (root.has("Records")) {
            return RecordsReader.read(root.get("Records"), At.TOP, false);
        }
        if (TestEventReader.isTestEvent(root)) {
            return TestEventReader.read(root);
        }
        if (SnsEnvelopeReader.isEnvelope(root)) {
            return SnsEnvelopeReader.read(root);
        }
        if (EventBridgeReader.isFromS3(root)) {
            return EventBridgeReader.read(root);
        }
        String hint = root.has("detail") && root.path("source").isTextual()
                ? " (an EventBridge event from source '"
                        + JsonFields.excerpt(root.get("source").textValue()) + "', not aws.s3)"
                : "";
        throw new InvalidNotificationException("JSON but no known notification shape" + hint
                + ": no Records, no EventBridge detail from source aws.s3, no SNS Message, no S3 test event;"
                + " top-level fields: " + JsonFields.fieldNames(root));
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

    /** The tree of {@code text}; {@code what} names it in the error when it is not JSON. */
    static JsonNode readJson(String text, String what) {
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
}
