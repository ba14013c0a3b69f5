package io.seqgate.runtime;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.sink.InvertColours;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.S3Clients;
import io.seqgate.sink.S3ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.sink.SinkSettings;
import io.seqgate.sink.Transform;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the production sink (S3, inverting image colours) from the configuration. */
public final class Sinks {

    /**
     * @param sink      the sink; closing it closes its S3 client
     * @param worstCase the longest one call of the sink can take, for the Kafka transaction timeout
     */
    public record Built(ObjectSink sink, Duration worstCase) {}

    /** The identity of the transform, which every output records: an output of another one is out of date. */
    public static final String TRANSFORM = "invert/1";

    private Sinks() {}

    /**
     * @param decorate wraps the transform, e.g. to make processing slow at random in the demo
     * @param metrics  times the sink's S3 calls and transforms
     */
    static Built fromConfig(SeqgateConfig config, UnaryOperator<Transform> decorate, SeqgateMetrics metrics) {
        SinkSettings settings = settings(config);
        // One connection per worker that may call at once, and never fewer than the SDK's default: a
        // worker that found the pool full would wait for a connection instead of working.
        S3Client client = S3Clients.create(
                config.s3().connection(), config.s3().callTimeout(), config.s3().callTimeout(), maxConnections(config));
        S3ObjectSink s3Sink = new S3ObjectSink(
                client,
                settings,
                decorate.apply(new InvertColours(config.sinkLimits().maxPixels())),
                metrics);
        ObjectSink owning = new ObjectSink() {
            @Override
            public SinkResult apply(ObjectEvent event) {
                return s3Sink.apply(event);
            }

            @Override
            public void close() {
                client.close();
            }
        };
        return new Built(
                owning, S3ObjectSink.worstCaseApplyTime(settings, config.s3().callTimeout()));
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
