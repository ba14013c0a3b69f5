package io.seqgate.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.reconcile.Checkpoint;
import io.seqgate.reconcile.ReconcileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the periodic reconciler keeps its passes (docs/reconcile.md): a compacted topic of one partition,
 * {@code <application.id>-reconcile}, holding one record, the newest pass — when it started, when it
 * completed, the units it finished and how far it got in the others. The instance that takes over the
 * reconciler after a crash or a rebalance reads it and goes on where the pass stopped.
 */
final class ReconcileCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "pass".getBytes(StandardCharsets.UTF_8);
    private static final Duration READ_PATIENCE = Duration.ofSeconds(30);
    /** How often a running pass writes its progress, at most (and whenever a unit ends). */
    private static final Duration WRITE_EVERY = Duration.ofSeconds(5);

    /**
     * One pass as recorded.
     *
     * @param started   when it started; its identity
     * @param completed when it went through every location, or null while it has not
     * @param done      the units it finished
     * @param progress  the last key written of each unit it started and has not finished
     */
    record Pass(Instant started, Instant completed, Set<String> done, Map<String, String> progress) {
        static Pass startingAt(Instant now) {
            return new Pass(now, null, Set.of(), Map.of());
        }
    }

    /** The JSON form of {@link Pass}. */
    private record Stored(String started, String completed, List<String> done, Map<String, String> progress) {}

    private final String topic;
    private final Map<String, Object> adminConfig;
    private final Map<String, Object> consumerConfig;
    private final Producer<byte[], byte[]> producer;
    private final Clock clock;

    ReconcileCheckpoints(
            String topic,
            Map<String, Object> adminConfig,
            Map<String, Object> consumerConfig,
            Producer<byte[], byte[]> producer,
            Clock clock) {
        this.topic = topic;
        this.adminConfig = adminConfig;
        this.consumerConfig = consumerConfig;
        this.producer = producer;
        this.clock = clock;
    }

    String topic() {
        return topic;
    }

    /** Creates the topic when it does not exist: one partition, compacted, the broker's replication factor. */
    void ensureTopic() throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig)) {
            NewTopic created = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(created)).all().get(READ_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the reconcile topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the reconcile topic " + topic + " in time", e);
        }
    }

    /** The newest pass recorded, or empty when none was. */
    Optional<Pass> latest() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), READ_PATIENCE).get(partition);
            byte[] last = null;
            long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
            while (consumer.position(partition, READ_PATIENCE) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the reconcile topic " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        last = record.value();
                    }
                }
            }
            return last == null ? Optional.empty() : Optional.of(decode(last));
        }
    }

    /**
     * The checkpoint of a running pass: writes its progress at most every {@link #WRITE_EVERY} and when a
     * unit ends, and stops the pass (a {@link ReconcileException}) once {@code stillOwner} says this
     * instance no longer runs the reconciler.
     */
    Running resume(Pass pass, BooleanSupplier stillOwner) {
        return new Running(pass, stillOwner);
    }

    /** A pass under way on this instance. */
    final class Running implements Checkpoint {
        private final Instant started;
        private final Set<String> done;
        private final Map<String, String> progress;
        private final BooleanSupplier stillOwner;
        private long lastWrite;

        private Running(Pass pass, BooleanSupplier stillOwner) {
            this.started = pass.started();
            this.done = new TreeSet<>(pass.done());
            this.progress = new TreeMap<>(pass.progress());
            this.stillOwner = stillOwner;
            this.lastWrite = System.nanoTime();
        }

        Instant started() {
            return started;
        }

        @Override
        public synchronized boolean isDone(String unit) {
            return done.contains(unit);
        }

        @Override
        public synchronized String resumeAfter(String unit) {
            return progress.get(unit);
        }

        @Override
        public void unitProgress(String unit, String lastKey) {
            requireOwner();
            synchronized (this) {
                progress.put(unit, lastKey);
                if (System.nanoTime() - lastWrite >= WRITE_EVERY.toNanos()) {
                    write(null);
                }
            }
        }

        @Override
        public void unitDone(String unit) {
            requireOwner();
            synchronized (this) {
                done.add(unit);
                progress.remove(unit);
                write(null);
            }
        }

        /** Records the pass as completed, now. */
        synchronized Instant complete() {
            Instant now = clock.instant();
            write(now);
            producer.flush();
            return now;
        }

        private void requireOwner() {
            if (!stillOwner.getAsBoolean()) {
                throw new ReconcileException("handed over: this instance no longer runs the reconciler", null);
            }
        }

        private void write(Instant completed) {
            lastWrite = System.nanoTime();
            byte[] value = encode(new Pass(started, completed, done, progress));
            // A lost write costs a repeated page on resume, nothing more: the record's future is not needed.
            var unused = producer.send(new ProducerRecord<>(topic, 0, KEY, value));
        }
    }

    static byte[] encode(Pass pass) {
        try {
            return JSON.writeValueAsBytes(new Stored(
                    pass.started().toString(),
                    pass.completed() == null ? null : pass.completed().toString(),
                    List.copyOf(pass.done()),
                    pass.progress()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reconcile checkpoint", e);
        }
    }

    static Pass decode(byte[] value) {
        try {
            Stored stored = JSON.readValue(value, Stored.class);
            return new Pass(
                    Instant.parse(stored.started()),
                    stored.completed() == null ? null : Instant.parse(stored.completed()),
                    stored.done() == null ? Set.of() : new TreeSet<>(stored.done()),
                    stored.progress() == null ? Map.of() : new TreeMap<>(stored.progress()));
        } catch (IOException | RuntimeException e) {
            // An unreadable checkpoint costs one pass from the start, not a stopped reconciler.
            return Pass.startingAt(Instant.EPOCH);
        }
    }
}
