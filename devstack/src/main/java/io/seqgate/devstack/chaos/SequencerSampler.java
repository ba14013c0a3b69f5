package io.seqgate.devstack.chaos;

import io.seqgate.event.Sequencers;
import io.seqgate.sink.OutputMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads every output's recorded source sequencer ({@value OutputMetadata#SOURCE_SEQUENCER}) over and over
 * while a run goes on, and records each time one is lower than the highest seen before for that output:
 * the output went back to an older version of its input, the overwrite seqgate exists to prevent. An
 * output that disappears (a delete) is no regression; one that comes back must come back newer.
 */
public final class SequencerSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SequencerSampler.class);
    /** Between two samples: often enough to see a short-lived regression, not so often as to load S3. */
    private static final long PAUSE_MS = 20;

    /** An output whose recorded sequencer went down between two samples. */
    public record Regression(String key, String from, String to) {}

    private final S3Client s3;
    private final String outputBucket;
    private final List<String> keys;
    private final Map<String, String> highest = new HashMap<>();
    private final List<Regression> regressions = new ArrayList<>();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private SequencerSampler(S3Client s3, String outputBucket, List<String> keys) {
        this.s3 = s3;
        this.outputBucket = outputBucket;
        this.keys = List.copyOf(keys);
        this.thread = new Thread(this::loop, "sequencer-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling the outputs of {@code keys}, one round after the other, until {@link #close()}. */
    public static SequencerSampler start(S3Client s3, String outputBucket, List<String> keys) {
        SequencerSampler sampler = new SequencerSampler(s3, outputBucket, keys);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        while (running) {
            for (String key : keys) {
                if (!running) {
                    return;
                }
                try {
                    sample(key);
                    Thread.sleep(PAUSE_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Sampling output {} failed; sampling goes on", key, e);
                }
            }
        }
    }

    /** Samples one output; public so that a test can take a sample at a moment of its choosing. */
    public void sample(String key) {
        String sequencer;
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(outputBucket).key(key));
            sequencer = head.metadata().get(OutputMetadata.SOURCE_SEQUENCER);
        } catch (NoSuchKeyException e) {
            return;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw e;
        }
        samples.incrementAndGet();
        if (sequencer == null) {
            return;
        }
        synchronized (this) {
            String before = highest.get(key);
            if (before == null || Sequencers.compare(sequencer, before) > 0) {
                highest.put(key, sequencer);
            } else if (Sequencers.compare(sequencer, before) < 0) {
                regressions.add(new Regression(key, before, sequencer));
                log.error("Output {} went back from sequencer {} to {}", key, before, sequencer);
            }
        }
    }

    /** Outputs read so far. */
    public long samples() {
        return samples.get();
    }

    /** Every decrease seen so far, in the order seen. */
    public synchronized List<Regression> regressions() {
        return List.copyOf(regressions);
    }

    /** The highest recorded sequencer seen per output so far. */
    public synchronized Map<String, String> highest() {
        return Map.copyOf(highest);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
