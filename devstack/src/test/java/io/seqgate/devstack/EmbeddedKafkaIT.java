package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    /** Each topic is read at once, as the demo reads its outcomes topic right after the stack started. */
    @Test
    void aConsumerFindsEveryPartitionOfATopicAsSoonAsItIsCreated(DevStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (int n = 0; n < 10; n++) {
                String topic = "served-at-once-" + n;

                stack.kafka().createTopic(topic, 3);

                assertThat(consumer.partitionsFor(topic)).as(topic).hasSize(3);
            }
        }
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
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        }
    }
}
