package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.sink.ObjectSink;
import io.seqgate.streams.SeqgateTopology;
import io.seqgate.streams.StreamsProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of one seqgate processor instance: checks the topics, builds the topology,
 * starts Kafka Streams with a state listener and an uncaught-exception handler, and closes it
 * gracefully within a timeout. It never swallows an exception.
 */
public final class ProcessorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    private final SeqgateConfig config;
    private final ObjectSink sink;
    private final Duration sinkWorstCase;
    private KafkaStreams streams;

    /**
     * @param sink          the sink; closed with the runner
     * @param sinkWorstCase the longest one sink call can take; sizes the Kafka transaction timeout
     */
    public ProcessorRunner(SeqgateConfig config, ObjectSink sink, Duration sinkWorstCase) {
        this.config = config;
        this.sink = sink;
        this.sinkWorstCase = sinkWorstCase;
    }

    /** Starts the instance; fails with a message naming the topic when the input topic is missing. */
    public synchronized KafkaStreams start() {
        LOG.info("Starting seqgate {}", config.describe());
        Properties props = StreamsProperties.of(config, sinkWorstCase);
        int partitions = inputPartitions(props);
        Topology topology = SeqgateTopology.build(config, partitions, Optional.of(sink));
        LOG.debug("Topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            // Input errors never get here (they are dead-lettered); what does is infrastructure
            // trouble such as a fenced producer or a broker timeout, which a fresh thread survives.
            LOG.error("Stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return streams;
    }

    public synchronized KafkaStreams streams() {
        return streams;
    }

    private int inputPartitions(Properties props) {
        Map<String, Object> adminProps = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription d = admin.describeTopics(List.of(config.inputTopic()))
                    .allTopicNames().get(30, TimeUnit.SECONDS).get(config.inputTopic());
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("input topic '" + config.inputTopic() + "' (SEQGATE_INPUT_TOPIC) does not exist on "
                        + config.bootstrapServers() + "; create it first (topics.sh, or ./seqgate dev)", e);
            }
            throw new IllegalStateException("cannot describe input topic '" + config.inputTopic() + "' on "
                    + config.bootstrapServers() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrapServers()
                    + " (SEQGATE_BOOTSTRAP_SERVERS) did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the input topic", e);
        }
    }

    /** Closes Streams (committing what is done) within the timeout, then the sink. */
    public synchronized boolean close(Duration timeout) {
        boolean clean = true;
        if (streams != null) {
            LOG.info("Closing Kafka Streams (timeout {})", timeout);
            // Leaving the group hands this instance's partitions to the others at once, instead of
            // after the session timeout (Streams stays in the group on close by default).
            clean = streams.close(CloseOptions.timeout(timeout)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            if (!clean) {
                LOG.warn("Kafka Streams did not close within {}", timeout);
            }
            streams = null;
        }
        sink.close();
        return clean;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
