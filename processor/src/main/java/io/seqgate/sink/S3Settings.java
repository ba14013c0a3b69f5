package io.seqgate.sink;

import java.net.URI;
import java.util.Objects;

/**
 * Where the S3 API is and who we are there.
 *
 * @param endpoint  the S3 API endpoint (MinIO, S3Proxy), or null for AWS's own endpoint of {@code region}
 * @param region    the signing region; MinIO and S3Proxy accept any, e.g. {@code us-east-1}
 * @param pathStyle address buckets as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key};
 *                  MinIO and S3Proxy need it unless set up with a wildcard DNS name
 * @param accessKey static access key, or null to use the AWS SDK's default credentials chain
 *                  (environment, system properties, profile, web identity, container, instance role)
 * @param secretKey static secret key; set exactly when {@code accessKey} is. Never printed.
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {

    public S3Settings {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException(
                    "accessKey and secretKey must be given together (or neither, for the default credentials chain)");
        }
    }

    /** True when static keys are configured; false means the SDK's default credentials chain. */
    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint == null ? "AWS" : endpoint)
                + ", region=" + region
                + ", pathStyle=" + pathStyle
                + ", credentials="
                + (hasStaticCredentials() ? "static accessKey " + accessKey + ", secretKey ****" : "default chain")
                + "]";
    }
}
