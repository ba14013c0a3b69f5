package io.seqgate.transform;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * One input object as the sink read it: its bytes, pinned to the version the event names, and what S3
 * says about that version. The bytes are read whole, within {@code SEQGATE_MAX_OBJECT_BYTES}; a
 * transform that reads them as a stream ({@link #openStream()}, {@link #size()}) does not depend on that.
 */
public final class TransformInput {

    private final String bucket;
    private final String key;
    private final String versionId;
    private final String eTag;
    private final String contentType;
    private final String sequencer;
    private final byte[] bytes;

    /**
     * @param bucket      the input's bucket
     * @param key         its key, decoded
     * @param versionId   the version read, or null when the bucket is not versioned
     * @param eTag        the version's eTag, without quotes, or null when S3 named none
     * @param contentType the content type stored with the object, or null
     * @param sequencer   the S3 sequencer of the event the output is written for, or null (a reconcile of an
     *                    object seqgate holds no event for)
     * @param bytes       the whole object; not copied, and not to be modified
     */
    public TransformInput(
            String bucket,
            String key,
            String versionId,
            String eTag,
            String contentType,
            String sequencer,
            byte[] bytes) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
        this.versionId = versionId;
        this.eTag = eTag;
        this.contentType = contentType;
        this.sequencer = sequencer;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** The version read, or null when the bucket is not versioned. */
    public String versionId() {
        return versionId;
    }

    /** The version's eTag without quotes, or null. */
    public String eTag() {
        return eTag;
    }

    /** The content type stored with the object, or null. Users set it freely: it is a hint, not a fact. */
    public String contentType() {
        return contentType;
    }

    /** The sequencer of the event the output is for, or null. */
    public String sequencer() {
        return sequencer;
    }

    /** The input's size in bytes. */
    public long size() {
        return bytes.length;
    }

    /** The whole input. Shared, not copied: do not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    /** The input as a stream of {@link #size()} bytes; every call starts a new one at the first byte. */
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String toString() {
        return "TransformInput[" + bucket + "/" + key + (versionId == null ? "" : " version " + versionId) + ", "
                + bytes.length + " bytes, " + (contentType == null ? "no content type" : contentType) + "]";
    }
}
