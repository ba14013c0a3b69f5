package io.seqgate.sink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fails or races object calls on demand. It extends S3Proxy's own {@link ForwardingBlobStore} because
 * S3Proxy looks through exactly that class to find the back end's type; any other wrapper loses the
 * conditional writes (docs/design.md §6).
 *
 * <p>A plain {@link RuntimeException} thrown here reaches the client as HTTP 500 (S3Proxy's Jetty
 * handler maps only AWS service exceptions, IllegalArgument/IllegalState (400),
 * UnsupportedOperation (501) and timeouts (RequestTimeout) itself).
 */
final class FaultInjectingBlobStore extends ForwardingBlobStore {

    private static final Pattern WORD_START = Pattern.compile("(^|-)([a-z])");

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger getBlobCalls = new AtomicInteger();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicReference<String> raceKey = new AtomicReference<>();
    private final AtomicReference<Consumer<String>> race = new AtomicReference<>();
    private final AtomicReference<String> refusedKey = new AtomicReference<>();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private volatile boolean titleCaseMetadata;
    private final AtomicReference<CountDownLatch> heldHeads = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> headRelease = new AtomicReference<>();

    FaultInjectingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** The next {@code n} object calls (HEAD, GET, PUT, DELETE) throw, which S3Proxy serves as 500. */
    void failNextCalls(int n) {
        failuresLeft.set(n);
    }

    /** Once, right after the store has answered a HEAD of {@code key}, run {@code racer} with the key. */
    void afterNextHead(String key, Consumer<String> racer) {
        race.set(racer);
        raceKey.set(key);
    }

    /**
     * The next {@code n} PUTs of {@code key} are refused with 412 PreconditionFailed, as S3 refuses a
     * conditional write that lost a race, without storing anything. The body is read first, as S3 does,
     * so the client keeps its connection.
     */
    void refuseNextPuts(String key, int n) {
        refusedKey.set(key);
        refusalsLeft.set(n);
    }

    /**
     * HEAD answers carry user metadata keys in Title-Case ({@code x-amz-meta-Seqgate-Source-Sequencer}),
     * as an S3-compatible server or proxy may send them; S3, MinIO and S3Proxy send lower case.
     */
    void titleCaseMetadataKeys() {
        titleCaseMetadata = true;
    }

    /**
     * Every HEAD waits, before the store answers it, until {@code release} opens (at most a minute);
     * {@code arrived} counts down as each one starts waiting, so a test sees how many requests the
     * server holds at once.
     */
    void holdHeads(CountDownLatch arrived, CountDownLatch release) {
        headRelease.set(release);
        heldHeads.set(arrived);
    }

    int getBlobCalls() {
        return getBlobCalls.get();
    }

    /** Bytes of object bodies S3Proxy has read from the store to send to clients. */
    long bytesServed() {
        return bytesServed.get();
    }

    void reset() {
        failuresLeft.set(0);
        getBlobCalls.set(0);
        bytesServed.set(0);
        raceKey.set(null);
        race.set(null);
        refusedKey.set(null);
        refusalsLeft.set(0);
        titleCaseMetadata = false;
        heldHeads.set(null);
        CountDownLatch release = headRelease.getAndSet(null);
        if (release != null) {
            while (release.getCount() > 0) {
                release.countDown();
            }
        }
    }

    private void hold() {
        CountDownLatch arrived = heldHeads.get();
        CountDownLatch release = headRelease.get();
        if (arrived == null || release == null) {
            return;
        }
        arrived.countDown();
        try {
            if (!release.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("held HEAD never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }

    private void maybeFail(String call) {
        if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new RuntimeException("injected failure of " + call);
        }
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        maybeFail("HEAD");
        hold();
        try {
            HeadObjectResponse response = super.blobMetadata(request);
            return titleCaseMetadata && response != null
                    ? response.toBuilder()
                            .metadata(titleCase(response.metadata()))
                            .build()
                    : response;
        } finally {
            // after the store has answered (found or not), before the client sees the answer
            String armed = raceKey.get();
            if (request.key().equals(armed) && raceKey.compareAndSet(armed, null)) {
                race.getAndSet(null).accept(request.key());
            }
        }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        maybeFail("GET");
        getBlobCalls.incrementAndGet();
        ResponseInputStream<GetObjectResponse> in = super.getBlob(request);
        return new ResponseInputStream<>(in.response(), AbortableInputStream.create(new Counting(in)));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        maybeFail("PUT");
        if (request.key().equals(refusedKey.get()) && refusalsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            try {
                input.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw S3Exception.builder()
                    .statusCode(412)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("PreconditionFailed")
                            .errorMessage("At least one of the pre-conditions you specified did not hold")
                            .build())
                    .build();
        }
        return super.putBlob(request, input);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        maybeFail("DELETE");
        return super.removeBlob(request);
    }

    private static Map<String, String> titleCase(Map<String, String> metadata) {
        Map<String, String> result = new TreeMap<>();
        metadata.forEach((key, value) -> result.put(
                WORD_START.matcher(key).replaceAll(m -> m.group(1) + m.group(2).toUpperCase(Locale.ROOT)), value));
        return result;
    }

    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesServed.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                bytesServed.addAndGet(n);
            }
            return n;
        }
    }
}
