package io.seqgate.reconcile;

import java.util.Objects;

/**
 * One object as a listing shows it: ListObjectsV2 (or, in a versioned bucket, the current version
 * from ListObjectVersions), or a row of an S3 Inventory report.
 *
 * @param key       the key, as stored
 * @param eTag      the eTag without quotes
 * @param size      its size in bytes
 * @param versionId its version, or null when the listing names none (an unversioned bucket)
 */
public record ListedObject(String key, String eTag, long size, String versionId) {

    public ListedObject {
        Objects.requireNonNull(key, "key");
    }
}
