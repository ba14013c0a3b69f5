package io.seqgate.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A real S3 API server (S3Proxy) running in this JVM, whose store reports changes through a
 * {@link NotifyingBlobStore} (docs/design.md §6, "S3Proxy 4.1.0").
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String HOST = "127.0.0.1";
    /** S3Proxy ignores the region; the SDK needs one to sign requests. */
    public static final Region REGION = Region.US_EAST_1;

    /**
     * @param port      HTTP port; 0 picks a free one
     * @param accessKey access key clients sign with
     * @param secretKey secret key clients sign with
     * @param dataDir   directory to keep objects in (no versioning); empty keeps them in memory (versioning works)
     */
    public record Config(int port, String accessKey, String secretKey, Optional<Path> dataDir) {
        public static final String DEFAULT_ACCESS_KEY = "minioadmin";
        public static final String DEFAULT_SECRET_KEY = "minioadmin";

        public Config {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            dataDir = dataDir == null ? Optional.empty() : dataDir;
        }

        /** Free port, MinIO's default credentials, in memory. */
        public static Config defaults() {
            return new Config(0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Optional.empty());
        }

        public Config withPort(int value) {
            return new Config(value, accessKey, secretKey, dataDir);
        }

        public Config withCredentials(String access, String secret) {
            return new Config(port, access, secret, dataDir);
        }

        public Config withDataDir(Path dir) {
            return new Config(port, accessKey, secretKey, Optional.of(dir));
        }

        @Override
        public String toString() {
            return "Config[port=" + port + ", accessKey=" + accessKey + ", dataDir=" + dataDir + "]";
        }
    }

    private final Config config;
    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final URI endpoint;

    private EmbeddedS3(Config config, S3Proxy proxy, NotifyingBlobStore store, URI endpoint) {
        this.config = config;
        this.proxy = proxy;
        this.store = store;
        this.endpoint = endpoint;
    }

    /** Starts the server; {@code listener} hears about changes in buckets later {@link #subscribe}d. */
    public static EmbeddedS3 start(Config config, ObjectChangeListener listener) {
        long started = System.nanoTime();
        NotifyingBlobStore store = new NotifyingBlobStore(backingStore(config.dataDir()), listener);
        URI endpoint = URI.create("http://" + HOST + ":" + LoopbackPorts.resolve(config.port()));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, config.accessKey(), config.secretKey())
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3 server did not start at " + endpoint, e);
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("S3 server at " + endpoint + " is " + proxy.getState() + " after start");
        }
        log.info(
                "S3 server ready at {} ({}) in {} ms",
                endpoint,
                config.dataDir().map(dir -> "directory " + dir).orElse("in memory"),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new EmbeddedS3(config, proxy, store, endpoint);
    }

    private static BlobStore backingStore(Optional<Path> dataDir) {
        if (dataDir.isEmpty()) {
            return new TransientNio2BlobStore();
        }
        try {
            Files.createDirectories(dataDir.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data dir " + dataDir.get(), e);
        }
        return new FilesystemNio2BlobStore(dataDir.get().toString());
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return config.accessKey();
    }

    public String secretKey() {
        return config.secretKey();
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
    }

    /** Turns versioning on; only the in-memory store supports it. */
    public void enableVersioning(String bucket) {
        if (!store.supportsVersioning()) {
            throw new UnsupportedOperationException("the directory store of S3Proxy has no versioning");
        }
        store.putBucketVersioning(bucket, BucketVersioningStatus.ENABLED);
    }

    /** Reports puts, copies, completed multipart uploads and deletes in {@code bucket} from now on. */
    public void subscribe(String bucket) {
        store.subscribe(bucket);
    }

    /** MinIO's operations that S3Proxy lacks, applied to this server's store with their notifications. */
    public MinioOperations minio() {
        return new MinioOperations(store);
    }

    /** A client for this server (path-style, signed with its credentials); the caller closes it. */
    public S3Client newS3Client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                .forcePathStyle(true)
                .build();
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            store.close();
            log.info("S3 server at {} stopped", endpoint);
        }
    }
}
