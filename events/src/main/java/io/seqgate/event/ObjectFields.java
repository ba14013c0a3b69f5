package io.seqgate.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The object's fields as every shape takes them once read — bucket, sequencer, eTag, versionId, size,
 * event time — with their limits ({@link FieldLimit}) and normalisations. The tree path and
 * {@link RecordsStream} both go through these, so the two cannot treat a value differently.
 */
final class ObjectFields {

    // Event times are kept as epoch milliseconds (Long.MIN_VALUE meaning "none" in the repartition serde).
    private static final Instant MIN_EVENT_TIME = Instant.ofEpochMilli(Long.MIN_VALUE + 1);
    private static final Instant MAX_EVENT_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

    private ObjectFields() {}

    static String bucket(String name, At at) {
        return FieldLimit.BUCKET.check(name, at);
    }

    // The sequencer is kept as sent (case and all): Sequencers.compare ignores case, and outcomes
    // should show what S3 sent. Events without one (restore, replication, ...) carry none.
    static String sequencer(String sequencer, At at) {
        return JsonFields.nonBlank(FieldLimit.SEQUENCER.check(sequencer, at));
    }

    static String versionId(String versionId, At at) {
        return JsonFields.nonBlank(FieldLimit.VERSION_ID.check(versionId, at));
    }

    // S3 sends the eTag bare in notifications but quoted in HTTP headers, and some producers copy the
    // header value; If-Match in the sink adds its own quotes.
    static String eTag(String eTag, At at) {
        String value = JsonFields.nonBlank(FieldLimit.ETAG.check(eTag, at));
        return value == null ? null : JsonFields.nonBlank(ETags.unquoted(value));
    }

    static Long size(JsonNode parent, At at) {
        JsonNode size = parent.get("size");
        if (size == null || size.isNull()) {
            return null;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new InvalidNotificationException(
                    at.field("size") + " is " + JsonFields.describe(size) + ", expected a whole number of bytes");
        }
        return size.longValue();
    }

    // Lenient on purpose: the time only feeds outcome timings, order comes from the sequencer, so an
    // odd or missing time must not send an otherwise good event to the dead letter topic.
    static Instant eventTime(JsonNode time) {
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
}
