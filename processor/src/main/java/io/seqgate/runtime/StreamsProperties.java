package io.seqgate.runtime;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.streams.CountingProcessingExceptionHandler;
import io.seqgate.streams.async.TaskJobs;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The Kafka Streams settings seqgate runs with: its defaults, then the {@code KAFKA_STREAMS_*}
 * pass-through (which wins), then the identity settings only {@code SEQGATE_*} may set.
 */
public final class StreamsProperties {

    /** Floor for the producer's transaction timeout; EOS's own default (10 s) is shorter than one slow S3 call chain. */
    static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    private StreamsProperties() {}

    /**
     * @param sinkWorstCase the longest one sink call can take (its call timeouts and retry budget).
     *                      A record is processed inside a Kafka transaction, so the transaction timeout
     *                      must outlast it with room for the rest of the batch: max(60 s, 3 × worst case).
     *                      {@code max.poll.interval.ms} must outlast it too. The synchronous sink makes
     *                      the call while processing the record; the asynchronous one makes none there,
     *                      but under backpressure a record waits for a place, until one of the running
     *                      jobs ends — at most one sink call's time too (docs/async-sink.md,
     *                      "Backpressure and time limits").
     */
    public static Properties of(SeqgateConfig config, Duration sinkWorstCase) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.streams().stateDir());
        // A warm copy of every store on another instance: after a crash its partitions move to the
        // standby with (almost) nothing to restore, and queries are answered from it meanwhile.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // Each task reads two partitions: the input's and the rekey repartition topic's, which stays empty
        // while producers key by bucket/key as MinIO does. With Streams' default (0) the task checks the
        // empty one before every record, to process the two in timestamp order; seqgate orders events by
        // sequencer, not by timestamp, so it has nothing to gain, and Kafka Streams 4.4 formats a log
        // line with String.format in that check each time (14 % of the gate's stream thread in the
        // bench's profile). Disabled, a task processes whatever it has buffered.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // A killed instance is noticed when its session times out (SEQGATE_SESSION_TIMEOUT, 6 s: the
        // broker's default minimum) and the others hear of the rebalance at their next heartbeat.
        // Heartbeats run on their own thread, so a slow S3 call does not end a session; a stuck one
        // is caught by max.poll.interval.ms below.
        long sessionMs = config.streams().sessionTimeout().toMillis();
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) sessionMs);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int)
                Math.max(500, sessionMs / 6));
        if (config.streams().groupInstanceId() != null) {
            // Static membership: a restart within the session timeout gets its tasks back without a
            // rebalance. Streams appends the thread index for each thread's consumer.
            p.put(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    config.streams().groupInstanceId());
        }
        // Bad input must never stop a stream thread: parse errors are routed by the topology itself;
        // anything unexpected is logged and the record goes to the dead-letter topic (KIP-1034).
        p.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        p.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                config.topics().deadLetters());
        Duration txTimeout = sinkWorstCase.multipliedBy(3).compareTo(MIN_TRANSACTION_TIMEOUT) > 0
                ? sinkWorstCase.multipliedBy(3)
                : MIN_TRANSACTION_TIMEOUT;
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) txTimeout.toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), (int)
                Math.max(300_000, txTimeout.multipliedBy(2).toMillis()));
        if (config.sinkExecution().async()) {
            // The sink's results are recorded by a wall-clock punctuator, and punctuators run only
            // between polls: an idle thread blocking in poll for Streams' default 100 ms would record
            // them that much later.
            p.put(StreamsConfig.POLL_MS_CONFIG, TaskJobs.DRAIN_INTERVAL.toMillis());
        }
        if (config.streams().applicationServer() != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.streams().applicationServer());
        }
        p.putAll(config.streams().overrides());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streams().applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.streams().bootstrapServers());
        return p;
    }
}
