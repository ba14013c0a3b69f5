package io.seqgate.sink;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How the sink names an S3 object in its reasons and logs, and how it tells that one is not there. */
final class S3Objects {

    private S3Objects() {}

    static String url(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** A 404 about the key, not about the bucket: a missing bucket is an error to report, not an absent object. */
    static boolean isMissing(S3Exception e) {
        return e.statusCode() == 404 && !"NoSuchBucket".equals(S3Calls.errorCode(e));
    }

    /** The object's HEAD, or null when it does not exist. */
    static HeadObjectResponse headOrNull(S3Client s3, String bucket, String key, S3Calls.Budget calls)
            throws InterruptedException {
        try {
            return calls.run(
                    "HEAD",
                    url(bucket, key),
                    () -> s3.headObject(
                            HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (S3Exception e) {
            // a HEAD error has no body, so a missing bucket also reads as 404 here; the write that
            // follows then fails with NoSuchBucket, which is reported
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
