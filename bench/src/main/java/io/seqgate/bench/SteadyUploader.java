package io.seqgate.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PUTs objects through S3 at a steady rate (an open workload: the next PUT starts on schedule,
 * whether or not earlier ones are done) and notes when each PUT returned.
 */
final class SteadyUploader {

    private static final Logger log = LoggerFactory.getLogger(SteadyUploader.class);
    /** Enough PUTs in flight that a slow one never holds back the schedule at the rates measured. */
    private static final int THREADS = 32;

    /**
     * @param returnedAt    per key, when its PUT returned ({@link System#nanoTime()})
     * @param firstStart    when the first PUT started
     * @param lastReturn    when the last PUT returned
     * @param failed        PUTs that threw
     * @param maxStartDelay how far behind schedule the latest PUT started, in nanoseconds
     */
    record Result(Map<String, Long> returnedAt, long firstStart, long lastReturn, int failed, long maxStartDelay) {

        /** Rate the PUTs achieved, per second. */
        double rate() {
            long span = lastReturn - firstStart;
            return span <= 0 ? 0 : returnedAt.size() * 1e9 / span;
        }
    }

    private SteadyUploader() {}

    static Result upload(
            S3Client s3, String bucket, List<String> keys, byte[] body, String contentType, double perSecond) {
        Map<String, Long> returnedAt = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong maxStartDelay = new AtomicLong();
        AtomicLong lastReturn = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "seqgate-bench-upload");
            thread.setDaemon(true);
            return thread;
        });
        long periodNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < keys.size(); i++) {
                long due = start + i * periodNanos;
                Pause.untilNanos(due);
                String key = keys.get(i);
                pool.execute(() -> {
                    maxStartDelay.accumulateAndGet(System.nanoTime() - due, Math::max);
                    try {
                        s3.putObject(
                                b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
                        long now = System.nanoTime();
                        returnedAt.put(key, now);
                        lastReturn.accumulateAndGet(now, Math::max);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        log.warn("PUT {} failed: {}", key, e.toString());
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        try {
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                throw new IllegalStateException("uploads still running two minutes after the last one was scheduled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading", e);
        }
        return new Result(Map.copyOf(returnedAt), start, lastReturn.get(), failed.get(), maxStartDelay.get());
    }
}
