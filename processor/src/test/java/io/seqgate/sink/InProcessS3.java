package io.seqgate.sink;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server in this JVM: S3Proxy 4.1.0 on 127.0.0.1, a random free port, an in-memory
 * blob store that supports versioning ({@code TransientNio2BlobStore}, docs/design.md §6) behind a
 * {@link FaultInjectingBlobStore} tests can use to fail or race calls. Start it once per test class
 * (about a second); use distinct keys per test and {@link FaultInjectingBlobStore#reset()} after each.
 */
public final class InProcessS3 implements AutoCloseable {

    static final String ACCESS_KEY = "access";
    static final String SECRET_KEY = "secret";
    static final String REGION = "us-east-1";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final S3Proxy proxy;
    private final FaultInjectingBlobStore blobStore;
    private final RequestCounter requests = new RequestCounter();
    private final URI endpoint;
    private final S3Client client;
    private final S3Client admin;

    private InProcessS3(S3Proxy proxy, FaultInjectingBlobStore blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
        this.client = S3Clients.create(settings(), CALL_TIMEOUT, CALL_TIMEOUT, List.of(requests));
        this.admin = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    public static InProcessS3 start() throws Exception {
        FaultInjectingBlobStore blobStore = new FaultInjectingBlobStore(new TransientNio2BlobStore());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        return new InProcessS3(proxy, blobStore, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /** Settings that reach this server with the right credentials. */
    S3Settings settings() {
        return new S3Settings(endpoint, REGION, true, ACCESS_KEY, SECRET_KEY);
    }

    /**
     * A client built like production's ({@link S3Clients}, no SDK retries), for the code under test;
     * {@link #requests()} counts what it sends.
     */
    public S3Client client() {
        return client;
    }

    /**
     * A client with the SDK's default retries, for setting up and checking: when S3Proxy answers an
     * error before reading a request body it closes the connection, and the next request on that
     * pooled connection fails with "broken pipe" (the sink retries that itself; test set-up should not care).
     */
    public S3Client admin() {
        return admin;
    }

    /** The requests {@link #client()} has sent since its last reset. */
    public RequestCounter requests() {
        return requests;
    }

    FaultInjectingBlobStore faults() {
        return blobStore;
    }

    /** Creates a bucket, versioned or not. */
    public void createBucket(String bucket, boolean versioned) {
        admin.createBucket(b -> b.bucket(bucket));
        if (versioned) {
            admin.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
    }

    @Override
    public void close() {
        client.close();
        admin.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
