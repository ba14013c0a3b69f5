package io.seqgate.runtime;

import io.seqgate.config.MemoryBudget;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.sink.MemoryEstimate;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.S3Clients;
import io.seqgate.sink.S3ObjectSink;
import io.seqgate.sink.SinkMemory;
import io.seqgate.sink.SinkResult;
import io.seqgate.sink.SinkSettings;
import io.seqgate.transform.Transform;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the production sink (S3, the configured transform) from the configuration. */
public final class Sinks {

    private static final Logger log = LoggerFactory.getLogger(Sinks.class);

    /**
     * @param sink              the sink; closing it closes its S3 client and its transform
     * @param worstCase         the longest one call of the sink can take, for the Kafka transaction timeout
     * @param transformIdentity what every output records of the transform ({@link Transforms.Selected#identity()})
     */
    public record Built(ObjectSink sink, Duration worstCase, String transformIdentity) {}

    private Sinks() {}

    /**
     * @param decorate wraps the transform, e.g. to make processing slow at random in the demo; the
     *                 identity and the time bound are the configured transform's, whatever the wrapper
     * @param metrics  times the sink's S3 calls and transforms
     * @throws io.seqgate.config.InvalidConfigException when the transform cannot be found, its settings are
     *                                                  wrong, or it refuses to start
     */
    static Built fromConfig(SeqgateConfig config, UnaryOperator<Transform> decorate, SeqgateMetrics metrics) {
        SinkSettings settings = settings(config);
        Transforms.Selected selected = Transforms.select(config);
        Transform transform;
        try {
            transform = selected.create();
        } catch (RuntimeException e) {
            selected.close();
            throw e;
        }
        log.info("Transform {} ({})", selected.identity(), selected.origin());
        // One connection per worker that may call at once, and never fewer than the SDK's default: a
        // worker that found the pool full would wait for a connection instead of working.
        S3Client client = S3Clients.create(
                config.s3().connection(), config.s3().callTimeout(), config.s3().callTimeout(), maxConnections(config));
        S3ObjectSink s3Sink = new S3ObjectSink(
                client,
                settings,
                decorate.apply(transform),
                selected.identity(),
                memory(config, Runtime.getRuntime().maxMemory(), metrics),
                // What an image decodes to, for inputs that are images: the built-ins hold no more; a plugin
                // that holds more must stay under SEQGATE_SINK_MEMORY's headroom (docs/sizing.md).
                MemoryEstimate.images(config.sinkLimits().maxPixels()),
                metrics);
        ObjectSink owning = new ObjectSink() {
            @Override
            public SinkResult apply(ObjectEvent event) {
                return s3Sink.apply(event);
            }

            @Override
            public void close() {
                try {
                    client.close();
                    transform.close();
                } finally {
                    selected.close();
                }
            }
        };
        return new Built(
                owning,
                S3ObjectSink.worstCaseApplyTime(settings, config.s3().callTimeout(), transform.maxCallTime()),
                selected.identity());
    }

    /**
     * The sink's memory budget ({@code SEQGATE_SINK_MEMORY}) in a JVM whose heap is {@code maxHeap}
     * bytes at most; shown on {@code /metrics}.
     */
    static SinkMemory memory(SeqgateConfig config, long maxHeap, SeqgateMetrics metrics) {
        MemoryBudget setting = config.sinkExecution().memory();
        long budget = setting.bytesOf(maxHeap);
        if (budget > maxHeap) {
            log.warn(
                    "SEQGATE_SINK_MEMORY is {} MiB, more than the heap's {} MiB: jobs may run out of heap",
                    budget >> 20,
                    maxHeap >> 20);
        }
        log.info("Sink memory budget {} MiB ({}, heap {} MiB)", budget >> 20, setting, maxHeap >> 20);
        return new SinkMemory(budget, metrics);
    }

    /** What the sink writes where and how hard it tries, from the configuration; needs an output bucket. */
    static SinkSettings settings(SeqgateConfig config) {
        return new SinkSettings(
                config.locations().output().bucket(),
                config.locations().output().prefix(),
                config.locations().inputBuckets().size() != 1,
                config.sinkLimits().maxObjectBytes(),
                config.gate().coordination(),
                SinkSettings.DEFAULT_BACKOFF_BASE,
                SinkSettings.DEFAULT_BACKOFF_CAP,
                config.s3().retryBudget(),
                SinkSettings.DEFAULT_MAX_WRITE_ROUNDS);
    }

    /**
     * Connections the sink's S3 client pools: {@code max(50, SEQGATE_SINK_CONCURRENCY)}. The
     * asynchronous sink's workers call at once, one connection each; the synchronous sink calls from
     * the stream threads, far fewer than 50.
     */
    static int maxConnections(SeqgateConfig config) {
        return Math.max(
                S3Clients.DEFAULT_MAX_CONNECTIONS, config.sinkExecution().concurrency());
    }
}
