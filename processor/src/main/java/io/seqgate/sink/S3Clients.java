package io.seqgate.sink;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one {@link S3Client} the sink talks through. */
public final class S3Clients {

    /** Longest wait for a TCP connection; a refused or unreachable endpoint is a transient error. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Connections a client pools when its caller does not say: the AWS SDK's own default for its Apache
     * HTTP client ({@code SdkHttpConfigurationOption.MAX_CONNECTIONS}).
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;

    private S3Clients() {}

    /**
     * An S3 client with the SDK's own retries turned off: {@link S3ObjectSink} retries with its own
     * budget, and two nested retry loops would multiply the worst-case time of one event (which must
     * stay below the Kafka transaction timeout). With no SDK retries one call is one attempt, so
     * {@code callTimeout} is, in practice, {@code max(callAttemptTimeout, callTimeout)}.
     *
     * @param callAttemptTimeout bound of one HTTP attempt, including reading the response body
     *                           (the sink reads bodies inside the call, through a response transformer)
     * @param callTimeout        bound of one API call, all attempts included
     */
    public static S3Client create(S3Settings settings, Duration callAttemptTimeout, Duration callTimeout) {
        return create(settings, callAttemptTimeout, callTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * As {@link #create(S3Settings, Duration, Duration)}, with a pool of {@code maxConnections}
     * connections. Each call holds one connection from the pool for its whole length (the sink reads
     * response bodies inside the call), so a client shared by {@code n} threads that call at once needs
     * {@code n} connections: with fewer, a call waits for a free one and, once its attempt timeout (or
     * the pool's acquisition timeout, the same bound here) has passed, fails with the SDK's
     * "Timeout waiting for connection from pool" or its attempt-timeout error.
     *
     * @param maxConnections connections the client opens at most to the endpoint, at least 1; idle
     *                       ones are kept for reuse, none is opened before a call needs it
     */
    public static S3Client create(
            S3Settings settings, Duration callAttemptTimeout, Duration callTimeout, int maxConnections) {
        return create(settings, callAttemptTimeout, callTimeout, maxConnections, List.of());
    }

    /** As {@link #create(S3Settings, Duration, Duration)}, with SDK interceptors that see every request (tests count them). */
    static S3Client create(
            S3Settings settings,
            Duration callAttemptTimeout,
            Duration callTimeout,
            List<ExecutionInterceptor> interceptors) {
        return create(settings, callAttemptTimeout, callTimeout, DEFAULT_MAX_CONNECTIONS, interceptors);
    }

    /** As {@link #create(S3Settings, Duration, Duration, int)}, with SDK interceptors that see every request. */
    static S3Client create(
            S3Settings settings,
            Duration callAttemptTimeout,
            Duration callTimeout,
            int maxConnections,
            List<ExecutionInterceptor> interceptors) {
        Objects.requireNonNull(settings, "settings");
        requirePositive(callAttemptTimeout, "callAttemptTimeout");
        requirePositive(callTimeout, "callTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        Duration connect =
                callAttemptTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? callAttemptTimeout : MAX_CONNECT_TIMEOUT;

        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(maxConnections)
                        // A call that finds the pool full waits for a connection no longer than one attempt
                        // may last (the SDK's default is a fixed 10 s), and then fails as one attempt would:
                        // a transient error the sink retries within its budget.
                        .connectionAcquisitionTimeout(callAttemptTimeout)
                        .connectionTimeout(connect)
                        .socketTimeout(callAttemptTimeout))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Since SDK 2.30 every PUT carries a CRC32 trailer (aws-chunked encoding) and every GET of an
                // object with a stored checksum is validated. The sink's compare-and-swap needs neither: the
                // transport is covered (TLS on https; on plain http the SigV4 signature covers the payload's
                // SHA-256), and an output is derived data the next event rewrites. WHEN_REQUIRED keeps
                // checksums where an operation requires one and saves their work on every call
                // ("Data Integrity Protections for Amazon S3", AWS SDKs and Tools Reference Guide).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(callAttemptTimeout)
                        .apiCallTimeout(callTimeout)
                        .executionInterceptors(interceptors));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
