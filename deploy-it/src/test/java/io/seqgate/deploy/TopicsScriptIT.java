package io.seqgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.devstack.stack.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * topics.sh against the embedded broker. Kafka's own {@code kafka-topics.sh} is a shell wrapper around
 * {@code org.apache.kafka.tools.TopicCommand}; here a wrapper of the same name runs that class from
 * {@code kafka-tools}, found the ways the script looks: on PATH, or under {@code $KAFKA_HOME/bin}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsScriptIT {

    private static final Set<String> TOPICS = Set.of("s3-events", "s3-events-outcomes", "s3-events-dlq");
    private static final long DAY_MS = 86_400_000L;

    private static EmbeddedKafka kafka;
    private static Admin admin;
    private static Path kafkaHome;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Config.defaults());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        kafkaHome = dir.resolve("kafka");
        Path wrapper = Files.createDirectories(kafkaHome.resolve("bin")).resolve("kafka-topics.sh");
        String classpath = Files.readString(Path.of(System.getProperty("seqgate.test.classpath")))
                .trim();
        Path logback = Path.of(
                System.getProperty("seqgate.root"), "deploy-it", "src", "test", "resources", "connect-logback.xml");
        Files.writeString(
                wrapper,
                "#!/usr/bin/env bash\nexec '"
                        + ProcessHandle.current().info().command().orElse("java")
                        + "' -Xmx256m -XX:TieredStopAtLevel=1 -cp '" + classpath + "' '-Dlogback.configurationFile="
                        + logback.toAbsolutePath()
                        + "' org.apache.kafka.tools.TopicCommand \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void helpPrintsTheOptionsAndExitsZero() throws Exception {
        Result help = topicsSh(Map.of(), "--help");

        assertThat(help.exit).isZero();
        assertThat(help.out).contains("--bootstrap-server", "--partitions", "--replication-factor");
    }

    @Test
    @Order(2)
    void anUnknownOptionExitsTwoNamingIt() throws Exception {
        Result wrong = topicsSh(Map.of(), "--partition", "3");

        assertThat(wrong.exit).isEqualTo(2);
        assertThat(wrong.err).contains("unknown option '--partition'");
    }

    @Test
    @Order(3)
    void runTwiceGivesTheSameTopicsWithoutAnError() throws Exception {
        Result first = topicsSh(onPath(), "--bootstrap-server", kafka.bootstrapServers(), "--partitions", "3");
        assertThat(first.exit).as("first run, stderr: %s", first.err).isZero();
        Map<String, String> created = topics();

        Result second = topicsSh(onPath(), "--bootstrap-server", kafka.bootstrapServers(), "--partitions", "3");

        assertThat(second.exit).as("second run, stderr: %s", second.err).isZero();
        assertThat(topics())
                .isEqualTo(created)
                .containsOnlyKeys(TOPICS)
                .containsEntry("s3-events", "partitions=3 retention.ms=" + 7 * DAY_MS)
                .containsEntry("s3-events-dlq", "partitions=3 retention.ms=" + 30 * DAY_MS);
    }

    @Test
    @Order(4)
    void anExistingTopicKeepsItsPartitionCountAndTheRunSaysSo() throws Exception {
        Result more = topicsSh(
                Map.of("KAFKA_HOME", kafkaHome.toString()),
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--partitions",
                "8");

        assertThat(more.exit).as("stderr: %s", more.err).isZero();
        assertThat(more.err).contains("s3-events exists with 3 partitions, not 8; left as it is");
        assertThat(topics().get("s3-events")).startsWith("partitions=3 ");
    }

    /** Each of seqgate's topics: its partition count and retention, e.g. {@code partitions=3 retention.ms=604800000}. */
    private static Map<String, String> topics() throws Exception {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        Map<String, String> topics = new TreeMap<>();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (String name : names) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            topics.put(
                    name,
                    "partitions=" + descriptions.get(name).partitions().size() + " retention.ms="
                            + config.get("retention.ms").value());
        }
        return topics;
    }

    private static Map<String, String> onPath() {
        return Map.of("PATH", kafkaHome.resolve("bin") + ":" + System.getenv("PATH"));
    }

    private record Result(int exit, String out, String err) {}

    private static Result topicsSh(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "bash", Path.of(System.getProperty("seqgate.root"), "topics.sh").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("topics-sh", ".out");
        Path err = Files.createTempFile("topics-sh", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only what the test gives decides where kafka-topics.sh is found.
        builder.environment().remove("KAFKA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("topics.sh did not finish within 180 s");
        }
        try {
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
