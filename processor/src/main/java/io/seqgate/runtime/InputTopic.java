package io.seqgate.runtime;

import io.seqgate.config.SeqgateConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/** The input topic as the broker describes it. */
final class InputTopic {

    private InputTopic() {}

    /**
     * The input topic's partition count; fails with a message naming the topic when it is missing.
     * With the admin settings Streams itself would use, so security settings passed through apply here too. */
    static int partitions(SeqgateConfig config, Properties props) {
        Map<String, Object> adminProps =
                new StreamsConfig(props).getAdminConfigs(config.streams().applicationId() + "-topic-check");
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription d = admin.describeTopics(List.of(config.topics().input()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(config.topics().input());
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "input topic '" + config.topics().input() + "' (SEQGATE_INPUT_TOPIC) does not exist on "
                                + config.streams().bootstrapServers()
                                + "; create it first (topics.sh, or ./seqgate dev)",
                        e);
            }
            throw new IllegalStateException(
                    "cannot describe input topic '" + config.topics().input() + "' on "
                            + config.streams().bootstrapServers() + ": " + e.getCause(),
                    e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + config.streams().bootstrapServers()
                            + " (SEQGATE_BOOTSTRAP_SERVERS) did not answer within 30 s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the input topic", e);
        }
    }
}
