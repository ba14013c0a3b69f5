package io.seqgate.event;

/**
 * Longest accepted value of each field, in UTF-8 bytes. The key and bucket limits are S3's own, so
 * a longer value names no object; the others are far above anything S3 or MinIO sends and keep a
 * broken producer's megabyte "eventName" out of the state store.
 */
enum FieldLimit {
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

    FieldLimit(int maxBytes, String rule) {
        this.maxBytes = maxBytes;
        this.rule = rule;
    }

    /** {@code value} when it is within this limit (null passes); else the field at {@code at} is refused. */
    String check(String value, At at) {
        if (value != null) {
            int bytes = utf8Length(value);
            if (bytes > maxBytes) {
                throw new InvalidNotificationException(at + " is " + bytes + " bytes long (UTF-8); " + rule);
            }
        }
        return value;
    }

    // Counts without encoding: the value may be megabytes. Only called on text without lone surrogates.
    static int utf8Length(String text) {
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
}
