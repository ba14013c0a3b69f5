package io.seqgate.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The common message read as a stream: {@code {"Records":[...]}} — S3's own shape and MinIO's Kafka
 * target's — in ASCII bytes. {@link RecordsReader} reads a Jackson tree of the whole message, a
 * dozen fields of it; most of a MinIO message is fields seqgate never reads
 * ({@code userIdentity}, {@code requestParameters}, {@code responseElements}, {@code source}, ...),
 * and building them into the tree was most of the time of a parse, which was most of the gate's time
 * per event. Here those are skipped token by token (still checked as JSON) and only the fields the
 * tree path reads are kept.
 *
 * <p>This path only ever answers "yes, exactly this": it returns null — and the tree path decides,
 * with its errors — for anything it does not handle alone: another shape, a field it reads given
 * twice (the tree keeps the last), a value of a type other than the one expected, any error. When it
 * returns a notification, that is the one the tree path returns: it reads the same fields, applies the
 * same checks and conversions ({@link RecordsReader}, {@link ObjectFields}, {@link ObjectKeys}), and
 * accepts no input the tree path refuses. The one theoretical difference: a string it skips is not held, so Jackson's
 * limit on string length (20 M characters) is not applied to it. {@code NotificationParserFuzzTest}
 * and the Jazzer target check the two paths against each other.
 *
 * <p>A message of another shape (SNS envelope, EventBridge, test event) is tokenized here once before
 * the tree path reads it again: a field named {@code Records} may come last, so the stream cannot
 * give up earlier. Those shapes take the AWS paths, where a message costs far more elsewhere (SQS,
 * Connect) than a second tokenizing pass.
 */
final class RecordsStream {

    private static final JsonFactory JSON = new JsonFactory();

    /** Stops the stream path; the tree path takes the message. Thrown without a stack trace. */
    private static final class NotHandled extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotHandled INSTANCE = new NotHandled();

        private NotHandled() {
            super("not handled by the stream path", null, false, false);
        }
    }

    private RecordsStream() {}

    /**
     * @param asciiMessage a message whose bytes are all ASCII and none NUL
     * @return its notification, or null when the tree path must read it
     */
    static Notification read(byte[] asciiMessage) {
        try (JsonParser json = JSON.createParser(asciiMessage)) {
            return records(json);
        } catch (NotHandled | IOException | InvalidNotificationException e) {
            return null;
        }
    }

    private static Notification records(JsonParser json) throws IOException, NotHandled {
        expect(json.nextToken(), JsonToken.START_OBJECT);
        List<ObjectEvent> events = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (!field.equals("Records")) {
                json.skipChildren();
                continue;
            }
            if (events != null) {
                throw NotHandled.INSTANCE;
            }
            expect(value, JsonToken.START_ARRAY);
            events = new ArrayList<>(1);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                events.add(record(json, At.TOP.element("Records", events.size())));
            }
            expect(json.currentToken(), JsonToken.END_ARRAY); // else an element that is not an object
        }
        expect(json.currentToken(), JsonToken.END_OBJECT);
        if (json.nextToken() != null || events == null || events.isEmpty()) {
            throw NotHandled.INSTANCE; // trailing tokens, no Records, or an empty one: errors
        }
        return new Notification(events, List.of());
    }

    /** The fields of one record that the tree path reads, as it reads them. */
    private static final class Fields {
        String eventName;
        String eventSource;
        String eventTime;
        String bucket;
        String key;
        String sequencer;
        String eTag;
        String versionId;
        Long size;
        String contentType;
        private final EnumSet<Read> seen = EnumSet.noneOf(Read.class);

        /** Each field once: the tree path would read the last of two. */
        void once(Read field) throws NotHandled {
            if (!seen.add(field)) {
                throw NotHandled.INSTANCE;
            }
        }
    }

    /** The fields of a record this path reads, wherever they sit in it. */
    private enum Read {
        EVENT_NAME,
        EVENT_SOURCE,
        EVENT_TIME,
        S3,
        BUCKET,
        BUCKET_NAME,
        OBJECT,
        KEY,
        SEQUENCER,
        E_TAG,
        VERSION_ID,
        CONTENT_TYPE,
        SIZE
    }

    private static ObjectEvent record(JsonParser json, At at) throws IOException, NotHandled {
        Fields f = new Fields();
        boolean s3 = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "eventName" -> {
                    f.once(Read.EVENT_NAME);
                    f.eventName = text(json, value);
                }
                case "eventSource" -> {
                    f.once(Read.EVENT_SOURCE);
                    f.eventSource = text(json, value);
                }
                case "eventTime" -> {
                    f.once(Read.EVENT_TIME);
                    // Lenient, as the tree path: a time that is not a string is no time.
                    f.eventTime = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    json.skipChildren();
                }
                case "s3" -> {
                    f.once(Read.S3);
                    expect(value, JsonToken.START_OBJECT);
                    s3(json, f);
                    s3 = true;
                }
                default -> json.skipChildren();
            }
        }
        if (!s3 || f.eventName == null || f.eventName.isBlank() || f.bucket == null || f.key == null) {
            throw NotHandled.INSTANCE; // errors: missing or empty
        }
        At s3At = at.field("s3");
        At objectAt = s3At.field("object");
        String eventName = RecordsReader.eventName(f.eventName, at.field("eventName"));
        return new ObjectEvent(
                ObjectFields.bucket(f.bucket, s3At.field("bucket").field("name")),
                ObjectKeys.formDecoded(f.key, objectAt.field("key")),
                eventName,
                EventKind.ofEventName(eventName),
                ObjectFields.sequencer(f.sequencer, objectAt.field("sequencer")),
                ObjectFields.eTag(f.eTag, objectAt.field("eTag")),
                ObjectFields.versionId(f.versionId, objectAt.field("versionId")),
                f.size,
                JsonFields.nonBlank(f.contentType),
                f.eventTime == null ? null : ObjectFields.eventTime(f.eventTime),
                RecordsReader.source(f.eventSource));
    }

    private static void s3(JsonParser json, Fields f) throws IOException, NotHandled {
        boolean bucket = false;
        boolean object = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "bucket" -> {
                    f.once(Read.BUCKET);
                    expect(value, JsonToken.START_OBJECT);
                    bucket(json, f);
                    bucket = true;
                }
                case "object" -> {
                    f.once(Read.OBJECT);
                    expect(value, JsonToken.START_OBJECT);
                    object(json, f);
                    object = true;
                }
                default -> json.skipChildren();
            }
        }
        if (!bucket || !object) {
            throw NotHandled.INSTANCE;
        }
    }

    private static void bucket(JsonParser json, Fields f) throws IOException, NotHandled {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("name")) {
                f.once(Read.BUCKET_NAME);
                f.bucket = text(json, value);
                if (f.bucket == null || f.bucket.isBlank()) {
                    throw NotHandled.INSTANCE;
                }
            } else {
                json.skipChildren();
            }
        }
    }

    private static void object(JsonParser json, Fields f) throws IOException, NotHandled {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "key" -> {
                    f.once(Read.KEY);
                    f.key = text(json, value);
                    if (f.key == null || f.key.isBlank()) {
                        throw NotHandled.INSTANCE;
                    }
                }
                case "sequencer" -> {
                    f.once(Read.SEQUENCER);
                    f.sequencer = text(json, value);
                }
                case "eTag" -> {
                    f.once(Read.E_TAG);
                    f.eTag = text(json, value);
                }
                case "versionId" -> {
                    f.once(Read.VERSION_ID);
                    f.versionId = text(json, value);
                }
                case "contentType" -> {
                    f.once(Read.CONTENT_TYPE);
                    f.contentType = text(json, value);
                }
                case "size" -> {
                    f.once(Read.SIZE);
                    f.size = size(json, value);
                }
                default -> json.skipChildren();
            }
        }
    }

    /** A string as the tree path's optionalText takes it: null for null, refused if not a valid string. */
    private static String text(JsonParser json, JsonToken value) throws IOException, NotHandled {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_STRING);
        String text = json.getText();
        if (JsonFields.loneSurrogate(text) >= 0) {
            throw NotHandled.INSTANCE;
        }
        return text;
    }

    /** A size as the tree path takes it: null for null, a whole number of at least 0, else refused. */
    private static Long size(JsonParser json, JsonToken value) throws IOException, NotHandled {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_NUMBER_INT);
        JsonParser.NumberType type = json.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw NotHandled.INSTANCE;
        }
        long size = json.getLongValue();
        if (size < 0) {
            throw NotHandled.INSTANCE;
        }
        return size;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws NotHandled {
        if (actual != expected) {
            throw NotHandled.INSTANCE;
        }
    }
}
