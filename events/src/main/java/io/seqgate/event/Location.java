package io.seqgate.event;

import java.util.Objects;

/** A bucket and a key prefix ("" for the whole bucket): where objects are read from or written to. */
public record Location(String bucket, String prefix) {

    public Location {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
    }

    /** Parses {@code bucket} or {@code bucket/prefix}. */
    public static Location parse(String value) {
        String v = value.trim();
        int slash = v.indexOf('/');
        return slash < 0 ? new Location(v, "") : new Location(v.substring(0, slash), v.substring(slash + 1));
    }

    public boolean contains(String objectBucket, String objectKey) {
        return bucket.equals(objectBucket) && objectKey.startsWith(prefix);
    }

    /** True when some object could be in both locations. */
    public boolean overlaps(Location other) {
        return bucket.equals(other.bucket) && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? bucket : bucket + "/" + prefix;
    }
}
