package io.seqgate.streams;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Notification messages for tests, in the shapes S3 and MinIO send (docs/design.md §3). */
final class Notifications {

    private Notifications() {}

    /** MinIO's Kafka target: envelope with one record; event name with the "s3:" prefix. */
    static String minio(String bucket, String key, String eventName, String sequencer) {
        return """
                {"EventName":"s3:%s","Key":"%s/%s","Records":[%s]}""".formatted(eventName, bucket, key, record("minio:s3", "s3:" + eventName, bucket, key, sequencer));
    }

    /** S3 native: {"Records":[...]} with one record per (key, sequencer) pair. */
    static String s3(String bucket, String eventName, String... keysAndSequencers) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < keysAndSequencers.length; i += 2) {
            if (i > 0) {
                records.append(',');
            }
            records.append(record("aws:s3", eventName, bucket, keysAndSequencers[i], keysAndSequencers[i + 1]));
        }
        return "{\"Records\":[" + records + "]}";
    }

    /** An S3 create with the object's real eTag and size, as S3 sends it after a PUT. */
    static String s3Put(String bucket, String key, String eTag, long size, String sequencer) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",\
                "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"%s"}}}]}""".formatted(bucket, URLEncoder.encode(key, StandardCharsets.UTF_8), size, eTag, sequencer);
    }

    /** As {@link #s3Put}, for a versioned bucket: the event names the version it created. */
    static String s3PutVersion(String bucket, String key, String eTag, long size, String versionId, String sequencer) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",\
                "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":%d,"eTag":"%s","versionId":"%s","sequencer":"%s"}}}]}""".formatted(bucket, URLEncoder.encode(key, StandardCharsets.UTF_8), size, eTag, versionId, sequencer);
    }

    private static String record(String source, String eventName, String bucket, String key, String sequencer) {
        String seq = sequencer == null ? "" : ",\"sequencer\":\"" + sequencer + "\"";
        String content = eventName.contains("ObjectCreated") ? ",\"size\":3,\"eTag\":\"e-" + sequencer + "\"" : "";
        return """
                {"eventVersion":"2.0","eventSource":"%s","eventTime":"2026-10-01T12:00:00.123Z","eventName":"%s",\
                "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"%s"},"object":{"key":"%s"%s%s}}}""".formatted(source, eventName, bucket, URLEncoder.encode(key, StandardCharsets.UTF_8), content, seq);
    }
}
