package io.seqgate.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Reconcile records: what {@code seqgate reconcile} writes to the input topic for an object whose output
 * is out of sync with its input (docs/reconcile.md). A record asks the gate and the sink to settle the
 * object's output to whatever its input holds <em>now</em>; it says which version the listing saw and why
 * the object was found out of sync, but it carries no sequencer, because a listing gives none.
 *
 * <p>A record has the {@code Records} shape S3 sends, with one record, so that everything that reads
 * notifications reads it too — the parser, {@code seqgate replay}, the replayable copy a FAILED event
 * leaves on the dead-letter topic — and it is keyed and partitioned like a live notification of the same
 * object, which orders it against them. Its event name is {@code Reconcile:<cause>}; no S3 or MinIO event
 * name has the category {@code Reconcile} ({@link EventKind#ofEventName}).
 */
public final class ReconcileRecords {

    /** The event-name category of reconcile records. */
    public static final String CATEGORY = "Reconcile";

    /** The {@code eventSource} of reconcile records. */
    public static final String EVENT_SOURCE = "seqgate:reconcile";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a listing found an object out of sync; part of the record's event name. */
    public enum Cause {
        /** The input exists and its output does not. */
        OUTPUT_MISSING("OutputMissing"),
        /** The output exists and its input does not. */
        OUTPUT_ORPHANED("OutputOrphaned"),
        /** The output was written from another version of the input than its current one. */
        OUTPUT_STALE("OutputStale"),
        /** The output was written by another transform, or another version of it. */
        TRANSFORM_CHANGED("TransformChanged"),
        /** The output records no source: something other than seqgate wrote it. */
        OUTPUT_FOREIGN("OutputForeign");

        private final String suffix;

        Cause(String suffix) {
            this.suffix = suffix;
        }

        /** The event name of a reconcile record of this cause, e.g. {@code Reconcile:OutputMissing}. */
        public String eventName() {
            return CATEGORY + ":" + suffix;
        }
    }

    private ReconcileRecords() {}

    /**
     * The reconcile record for one object, as the value of a record on the input topic (its key is
     * {@code bucket/key}, as for a live notification).
     *
     * @param bucket    the input bucket
     * @param key       the input key, as stored (not encoded)
     * @param cause     why the object is out of sync
     * @param eTag      the input's eTag as listed, or null when the input is gone
     * @param versionId the input's current version as listed, or null when not versioned or gone
     * @param size      the input's size as listed, or null when gone
     * @param listedAt  when the listing saw the object; the record's event time
     */
    public static byte[] message(
            String bucket, String key, Cause cause, String eTag, String versionId, Long size, Instant listedAt) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cause, "cause");
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", EVENT_SOURCE);
        record.put("eventTime", listedAt.toString());
        record.put("eventName", cause.eventName());
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        ObjectNode object = s3.putObject("object");
        // Encoded as S3 encodes keys in notifications (form encoding: a space is '+', '+' is "%2B"),
        // which the parser undoes.
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        if (eTag != null) {
            object.put("eTag", eTag);
        }
        if (size != null) {
            object.put("size", size);
        }
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        try {
            return JSON.writeValueAsBytes(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reconcile record", e);
        }
    }
}
