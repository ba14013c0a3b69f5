package io.seqgate.reconcile;

import io.seqgate.event.ETags;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists the current objects of one bucket in key order, a page at a time: ListObjectsV2, or in a
 * versioned bucket ListObjectVersions keeping each key's latest version (a key whose latest version is
 * a delete marker has no current object and is left out).
 */
final class BucketListing implements SortedListing {

    /** The most keys S3 returns per page. */
    static final int PAGE = 1000;

    private final S3Client s3;
    private final Calls calls;
    private final String bucket;
    private final boolean versioned;

    BucketListing(S3Client s3, Calls calls, String bucket, boolean versioned) {
        this.s3 = s3;
        this.calls = calls;
        this.bucket = bucket;
        this.versioned = versioned;
    }

    String bucket() {
        return bucket;
    }

    @Override
    public Pages pages(String prefix, String startAfter, boolean directOnly) {
        return new Pages(prefix, startAfter, directOnly);
    }

    @Override
    public boolean listsFolders() {
        return true;
    }

    /** The pages of one listing; {@link #next} makes one S3 call. */
    final class Pages implements SortedListing.Pages {
        private final String prefix;
        private final boolean directOnly;
        private String startAfter;
        private String versionMarker;
        private String continuation;
        private boolean done;

        private Pages(String prefix, String startAfter, boolean directOnly) {
            this.prefix = prefix;
            this.startAfter = startAfter;
            this.directOnly = directOnly;
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Page next() throws InterruptedException {
            if (done) {
                throw new NoSuchElementException();
            }
            Page page = versioned ? versionsPage() : objectsPage();
            done = page.nextStart() == null;
            return page;
        }

        private Page objectsPage() throws InterruptedException {
            ListObjectsV2Request.Builder request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(PAGE);
            if (continuation != null) {
                request.continuationToken(continuation);
            } else if (startAfter != null) {
                request.startAfter(startAfter);
            }
            if (directOnly) {
                request.delimiter("/");
            }
            ListObjectsV2Request built = request.build();
            ListObjectsV2Response response = calls.run("LIST", target(), () -> s3.listObjectsV2(built));
            List<ListedObject> objects = new ArrayList<>(response.contents().size());
            for (S3Object o : response.contents()) {
                objects.add(new ListedObject(o.key(), ETags.unquoted(o.eTag()), sizeOf(o.size()), null));
            }
            List<String> prefixes =
                    response.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
            boolean more = Boolean.TRUE.equals(response.isTruncated());
            if (directOnly) {
                // With a delimiter, keys after a common prefix roll up into it again: only the token goes on.
                continuation = more ? response.nextContinuationToken() : null;
                return new Page(objects, prefixes, continuation);
            }
            // StartAfter rather than the continuation token, so that a listing resumes from a key alone.
            startAfter =
                    more && !objects.isEmpty() ? objects.get(objects.size() - 1).key() : null;
            return new Page(objects, prefixes, startAfter);
        }

        private Page versionsPage() throws InterruptedException {
            ListObjectVersionsRequest.Builder request = ListObjectVersionsRequest.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .maxKeys(PAGE);
            if (startAfter != null) {
                request.keyMarker(startAfter);
                if (versionMarker != null) {
                    request.versionIdMarker(versionMarker);
                }
            }
            if (directOnly) {
                request.delimiter("/");
            }
            ListObjectVersionsRequest built = request.build();
            ListObjectVersionsResponse response =
                    calls.run("LIST", target() + " (versions)", () -> s3.listObjectVersions(built));
            List<ListedObject> objects = new ArrayList<>();
            for (ObjectVersion v : response.versions()) {
                if (Boolean.TRUE.equals(v.isLatest())) {
                    objects.add(new ListedObject(v.key(), ETags.unquoted(v.eTag()), sizeOf(v.size()), v.versionId()));
                }
            }
            List<String> prefixes =
                    response.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
            if (Boolean.TRUE.equals(response.isTruncated())) {
                startAfter = response.nextKeyMarker();
                versionMarker = response.nextVersionIdMarker();
            } else {
                startAfter = null;
            }
            return new Page(objects, prefixes, startAfter);
        }

        /** Nothing to give back: each page is one S3 call. */
        @Override
        public void close() {}

        private String target() {
            return "s3://" + bucket + "/" + prefix + (startAfter == null ? "" : " after " + startAfter);
        }
    }

    private static long sizeOf(Long size) {
        return size == null ? -1 : size;
    }
}
