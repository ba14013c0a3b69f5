package io.seqgate.devstack.chaos;

import io.seqgate.devstack.pictures.Pictures;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A demo-like workload: new versions of a fixed set of images, uploaded one after the other to random
 * keys for as long as the run lasts, so that every key gets many versions and every fault meets work
 * in flight; at the end every fifth key is deleted, so that "absent after a final delete" is checked too.
 * Uploads go to the S3 server directly, not through the processors' fault proxy.
 */
public final class Workload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Workload.class);

    private final S3Client s3;
    private final String bucket;
    private final List<String> keys;
    private final Duration pause;
    private final Random random;
    private final AtomicInteger[] versions;
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private Workload(S3Client s3, String bucket, String prefix, int keys, Duration pause, long seed) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = IntStream.range(0, keys)
                .mapToObj(n -> prefix + "img" + n + ".png")
                .toList();
        this.pause = pause;
        this.random = new Random(seed);
        this.versions =
                IntStream.range(0, keys).mapToObj(n -> new AtomicInteger()).toArray(AtomicInteger[]::new);
        this.thread = new Thread(this::loop, "chaos-workload");
        thread.setDaemon(true);
    }

    /**
     * Uploads a first version of every key, then keeps uploading in the background until {@link #finish()}.
     *
     * @param pause between two uploads
     */
    public static Workload start(S3Client s3, String bucket, String prefix, int keys, Duration pause, long seed) {
        Workload workload = new Workload(s3, bucket, prefix, keys, pause, seed);
        for (int n = 0; n < keys; n++) {
            workload.upload(n);
        }
        workload.thread.start();
        return workload;
    }

    public List<String> keys() {
        return keys;
    }

    public long uploads() {
        return uploads.get();
    }

    public long deletes() {
        return deletes.get();
    }

    private void loop() {
        while (running) {
            try {
                upload(random.nextInt(keys.size()));
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Upload failed; the workload goes on", e);
            }
        }
    }

    private void upload(int n) {
        int version = versions[n].incrementAndGet();
        s3.putObject(
                b -> b.bucket(bucket).key(keys.get(n)).contentType("image/png"),
                RequestBody.fromBytes(Pictures.version(n, version)));
        uploads.incrementAndGet();
    }

    /** Stops uploading and deletes every fifth key. */
    public void finish() throws InterruptedException {
        running = false;
        thread.join();
        for (int n = 4; n < keys.size(); n += 5) {
            String key = keys.get(n);
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            deletes.incrementAndGet();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
