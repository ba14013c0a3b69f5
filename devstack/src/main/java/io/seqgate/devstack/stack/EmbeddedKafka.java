package io.seqgate.devstack.stack;

import io.seqgate.runtime.Directories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined KRaft broker + controller) running in this JVM
 * (docs/design.md §6, "Real in-process KRaft broker").
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_POLL = Duration.ofMillis(50);

    /**
     * @param brokerPort     client port; 0 picks a free one
     * @param controllerPort KRaft controller port; 0 picks a free one
     * @param dataDir        log directory kept across runs; empty means a temp dir deleted on close
     */
    public record Config(int brokerPort, int controllerPort, Optional<Path> dataDir) {
        public Config {
            if (brokerPort < 0 || brokerPort > 65535) {
                throw new IllegalArgumentException("brokerPort out of range: " + brokerPort);
            }
            if (controllerPort < 0 || controllerPort > 65535) {
                throw new IllegalArgumentException("controllerPort out of range: " + controllerPort);
            }
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException("brokerPort and controllerPort are both " + brokerPort);
            }
            dataDir = dataDir == null ? Optional.empty() : dataDir;
        }

        /** Free ports, temporary data. */
        public static Config defaults() {
            return new Config(0, 0, Optional.empty());
        }

        public Config withBrokerPort(int port) {
            return new Config(port, controllerPort, dataDir);
        }

        public Config withControllerPort(int port) {
            return new Config(brokerPort, port, dataDir);
        }

        public Config withDataDir(Path dir) {
            return new Config(brokerPort, controllerPort, Optional.of(dir));
        }
    }

    /** The log directory, and whether it is a temporary one, made for this broker and deleted with it. */
    private record LogDir(Path path, boolean temporary) {
        static LogDir of(Config config) {
            return config.dataDir()
                    .map(dir -> new LogDir(dir, false))
                    .orElseGet(() -> new LogDir(createTempDir(), true));
        }

        void deleteIfTemporary() {
            if (temporary) {
                Directories.deleteRecursively(path);
            }
        }
    }

    private final KafkaConfig kafkaConfig;
    private final Admin admin;
    private final LogDir logDir;
    private final String bootstrapServers;
    /** Replaced by {@link #restart()}; read by {@link #close()} on another thread than the restart's. */
    private volatile KafkaRaftServer server;

    private EmbeddedKafka(
            KafkaConfig kafkaConfig, KafkaRaftServer server, Admin admin, LogDir logDir, String bootstrapServers) {
        this.kafkaConfig = kafkaConfig;
        this.server = server;
        this.admin = admin;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats the log directory if needed, starts the broker and returns once it answers clients. */
    public static EmbeddedKafka start(Config config) {
        long started = System.nanoTime();
        LogDir logDir = LogDir.of(config);
        Path dataDir = logDir.path();
        int brokerPort = LoopbackPorts.resolve(config.brokerPort());
        int controllerPort = LoopbackPorts.resolve(config.controllerPort());
        KafkaConfig kafkaConfig = new KafkaConfig(brokerProperties(dataDir, brokerPort, controllerPort), false);
        KafkaRaftServer server = null;
        try {
            formatIfNeeded(dataDir);
            server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + brokerPort;
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            log.info(
                    "Kafka broker ready at {} (controller {}, data {}) in {} ms",
                    bootstrap,
                    controllerPort,
                    dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedKafka(kafkaConfig, server, admin, logDir, bootstrap);
        } catch (Exception e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            logDir.deleteIfTemporary();
            throw new IllegalStateException("Kafka broker did not start on port " + brokerPort, e);
        }
    }

    private static Map<String, String> brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Map<String, String> props = new HashMap<>();
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("process.roles", "broker,controller");
        props.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("log.dirs", dataDir.toString());
        // One node: every internal topic must be satisfiable by a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: the first consumer group / transaction otherwise creates 50 each.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        // Tests and the demo start groups right away; the default 3 s delay only slows them down.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics exist because someone created them, as on a production cluster: otherwise a client asking
        // for a mistyped or not yet served topic creates it with one partition (Kafka's default is on).
        props.put("auto.create.topics.enable", "false");
        // The default 128 MB dedupe buffer dominates the heap of a dev broker (170 MB → 45 MB, docs/design.md §6).
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    private static void formatIfNeeded(Path dataDir) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .run();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return logDir.path();
    }

    /**
     * Creates the topic with replication factor 1, or leaves an existing one as it is, and returns once
     * clients can use it.
     */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions", name, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e.getCause());
            }
            log.debug("Topic {} already exists", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
        awaitServed(name);
    }

    /**
     * Waits until the broker serves the topic with a leader for every partition. CreateTopics answers once
     * the KRaft controller has committed the topic; the broker applies that to the metadata it gives
     * clients a moment later, and meanwhile a consumer's {@code partitionsFor} finds no partition (the demo
     * then assigned itself nothing and failed on a loaded machine) and a processor finds no input topic.
     */
    private void awaitServed(String name) {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (!served(name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topic " + name + " was created but not served within " + TOPIC_TIMEOUT);
            }
            try {
                Thread.sleep(TOPIC_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
        }
    }

    private boolean served(String name) {
        try {
            TopicDescription topic = admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(name);
            return !topic.partitions().isEmpty() && topic.partitions().stream().allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("could not describe topic " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out describing topic " + name, e);
        }
    }

    /**
     * Stops the broker as an operator's rolling restart does (controlled shutdown, logs flushed) and
     * starts it again on the same ports and data directory, so that clients reconnect to the same
     * address and find their topics, offsets and transactions where they were. Returns once the broker
     * answers clients again; meanwhile every client of it sees the broker gone.
     *
     * @param down how long the broker stays down between the stop and the start
     */
    public void restart(Duration down) {
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker {} stopped for a restart", bootstrapServers);
        try {
            Thread.sleep(down.toMillis());
            KafkaRaftServer restarted = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            restarted.startup();
            server = restarted;
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka broker did not answer after its restart", e);
        }
        log.info(
                "Kafka broker {} restarted on {} in {} ms",
                bootstrapServers,
                logDir.path(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Shuts the broker down cleanly and waits for it; deletes the data dir when it was temporary. */
    @Override
    public void close() {
        long started = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            server.shutdown();
            server.awaitShutdown();
            logDir.deleteIfTemporary();
            log.info(
                    "Kafka broker {} stopped in {} ms",
                    bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("seqgate-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for Kafka", e);
        }
    }
}
