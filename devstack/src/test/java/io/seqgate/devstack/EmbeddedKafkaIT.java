package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DevStackExtension.class)
class EmbeddedKafkaIT {

    @Test
    void createTopicTwiceKeepsTheFirstPartitionCount(DevStack stack) throws Exception {
        stack.kafka().createTopic("twice", 3);

        stack.kafka().createTopic("twice", 5);

        assertThat(describe(stack.bootstrapServers(), "twice").partitions()).hasSize(3);
    }

    @Test
    void restartOnTheSameDataDirKeepsTopicsWithoutReformatting(@TempDir Path dir) throws Exception {
        EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults().withDataDir(dir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            kafka.createTopic("kept", 2);
        }
        String firstMeta = Files.readString(dir.resolve("meta.properties"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            assertThat(describe(kafka.bootstrapServers(), "kept").partitions()).hasSize(2);
        }
        assertThat(Files.readString(dir.resolve("meta.properties"))).isEqualTo(firstMeta);
    }

    private static TopicDescription describe(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        }
    }
}
