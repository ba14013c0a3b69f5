package io.seqgate.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event about one object, normalised from whichever notification shape carried it.
 *
 * @param bucket      bucket name
 * @param key         object key as stored: a Records key form-decoded ('+' a space, "%2B" a plus), an
 *                    EventBridge key as sent (docs/design.md §3, "Object keys")
 * @param eventName   event name without the MinIO "s3:" prefix, e.g. {@code ObjectCreated:Put};
 *                    for EventBridge the detail-type and reason, e.g. {@code ObjectCreated:PutObject}
 * @param kind        what the event means for the output
 * @param sequencer   the S3 sequencer as sent (case kept), or null when the event has none
 * @param eTag        the object's eTag without quotes, or null (removes carry none)
 * @param versionId   the object's version id, or null when the bucket is not versioned
 * @param size        object size in bytes, or null when not sent
 * @param contentType content type when the notification carries it (MinIO does), or null
 * @param eventTime   when S3 says the event happened, or null when not sent
 * @param source      which shape carried it: "minio", "s3", "sns" or "eventbridge"
 */
public record ObjectEvent(
        String bucket,
        String key,
        String eventName,
        EventKind kind,
        String sequencer,
        String eTag,
        String versionId,
        Long size,
        String contentType,
        Instant eventTime,
        String source) {

    public ObjectEvent {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
    }

    /**
     * This event with {@code newSequencer} in place of its own: the gate gives a reconcile record, which
     * carries none, the newest sequencer it holds for the object.
     */
    public ObjectEvent withSequencer(String newSequencer) {
        return new ObjectEvent(
                bucket, key, eventName, kind, newSequencer, eTag, versionId, size, contentType, eventTime, source);
    }

    /** The key every event of this object is gated under: {@code bucket/key} with the key as stored. */
    public String objectKey() {
        return bucket + "/" + key;
    }
}
